// Behind a reverse proxy (nginx, Caddy) every connection comes from the proxy; the client's
// address, scheme and host arrive in X-Forwarded-* headers, which anybody else can forge too.
// This is the one place that decides what to believe, once per request and before anything
// reads the request: TRUST_PROXY names the proxies (a hop count, or addresses and CIDRs), and
// proxy-addr (Express's) walks X-Forwarded-For through them. From a peer that is not trusted,
// every forwarded header is dropped. Afterwards X-Forwarded-For holds exactly the resolved
// address, which is what Astro reads as `clientAddress` (astro.config.mjs, allowedDomains),
// and `clientAddress(req)` gives the same to the responders in front of Astro.
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Whether the hop at `address`, `hop` steps away from this server (0 = the peer), is a proxy we trust. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/** Headers only a trusted proxy may send; the request id is one (./request-log.ts). */
const PROXY_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-request-id'];

const trustNobody: ProxyTrust = () => false;

/**
 * TRUST_PROXY's meaning: unset or `false` trusts nobody; a whole number trusts that many hops
 * (the peer, then the ones it names); anything else is a comma list of addresses, CIDRs and
 * proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`). Throws on an address it cannot read.
 */
export function proxyTrust(setting: string | undefined): ProxyTrust {
  const value = setting?.trim() ?? '';
  if (value === '' || value === 'false') return trustNobody;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(value.split(',').map((part) => part.trim()));
}

const addresses = new WeakMap<IncomingMessage, string>();

/** Resolves the client's address and leaves only trusted forwarded headers on `req`. Call once, first. */
export function resolveForwarded(req: IncomingMessage, trust: ProxyTrust): string {
  const peer = req.socket.remoteAddress ?? '';
  if (!trust(peer, 0)) for (const name of PROXY_HEADERS) delete req.headers[name];
  const address = proxyaddr(req, trust);
  req.headers['x-forwarded-for'] = address;
  addresses.set(req, address);
  return address;
}

/** The client's address as resolveForwarded found it (the peer's for a request it never saw). */
export function clientAddress(req: IncomingMessage): string {
  return addresses.get(req) ?? req.socket.remoteAddress ?? '';
}
