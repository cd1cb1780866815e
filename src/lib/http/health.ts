// Health endpoints for a load balancer or an orchestrator, answered in front of everything else
// (no session, no cache, no page pipeline): GET /healthz says the process is alive, GET /readyz
// that it can serve (src/lib/db/readiness.ts), else 503 with the reason in one line.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readiness } from '../db/readiness.ts';

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}

export function createHealthCheck({ readiness }: { readiness: () => Promise<Readiness> }) {
  return {
    /** Answers the request and returns true when it is a health check; otherwise leaves it alone. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = req.url?.split('?')[0];
      if (path === '/healthz') {
        answer(res, 200, 'ok');
        return true;
      }
      if (path !== '/readyz') return false;
      readiness().then(
        (state) => answer(res, state.ready ? 200 : 503, state.ready ? 'ready' : state.reason),
        (error: unknown) => answer(res, 503, `not ready: ${String(error)}`),
      );
      return true;
    },
  };
}
