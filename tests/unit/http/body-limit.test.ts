// Request bodies are bounded before anything reads them: the site handler as `npm start` composes
// it (src/lib/http/server.ts), over real HTTP, in front of a page that reads its form the way
// Astro's node adapter does (createRequestFromNodeRequest, then request.formData()).
import { request, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { createRequestFromNodeRequest } from 'astro/app/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createVoteIntake } from '../../../src/lib/analytics/vote-intake.ts';
import { BODY_LIMITS } from '../../../src/lib/http/body-limit.ts';
import { createSiteHandler, createSiteServer } from '../../../src/lib/http/server.ts';
import { createVoteBeacon } from '../../../src/lib/http/vote-beacon.ts';
import { testDb } from '../helpers.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

const MB = 1024 * 1024;
const ARTICLE = 'en/agent-skills/patience-and-empathy';

async function startSite() {
  const seen: { path: string; bytes: number; fields: Record<string, string> }[] = [];
  const db = await testDb();
  const handler = createSiteHandler({
    clientDir: tmpdir(),
    voteBeacon: createVoteBeacon({
      intake: createVoteIntake(db, { isPublished: (article) => article === ARTICLE }),
      secureCookies: true,
    }),
    astro: (req, res) => {
      void (async () => {
        const page = createRequestFromNodeRequest(req);
        const text = await page.text();
        const fields = Object.fromEntries(new URLSearchParams(text));
        seen.push({ path: req.url ?? '', bytes: Buffer.byteLength(text), fields });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('rendered');
      })();
    },
  });
  server = createSiteServer(handler).server;
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, seen, db };
}

interface Sent {
  status: number | undefined;
  headers: IncomingMessage['headers'];
  text: string;
  /** Body bytes written by the time the answer arrived. */
  sentBeforeAnswer: number;
  sawContinue: boolean;
}

/**
 * POSTs `total` bytes of an urlencoded body (a field then filler), chunked unless `declare`,
 * honouring back-pressure and stopping as soon as the answer arrives.
 */
function post(
  port: number,
  path: string,
  total: number,
  options: { declare?: boolean; expectContinue?: boolean; headers?: Record<string, string> } = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/x-www-form-urlencoded',
      ...options.headers,
    };
    if (options.declare) headers['content-length'] = total;
    if (options.expectContinue) headers.expect = '100-continue';
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const start = Buffer.from('email=reader%40example.com&password=');
    let sent = 0;
    let answered = false;
    let sawContinue = false;
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
          sentBeforeAnswer,
          sawContinue,
        }),
      );
      res.on('error', reject);
    });
    // The server closes the connection after a 413 while the body is still coming: expected.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < total) {
        const piece =
          sent === 0
            ? Buffer.concat([start, chunk]).subarray(0, Math.min(chunk.length, total))
            : chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    if (options.expectContinue) {
      req.on('continue', () => ((sawContinue = true), pump()));
      req.flushHeaders();
    } else if (options.declare && total > BODY_LIMITS.import) {
      // Headers only: the answer must come without a byte of the body.
      req.flushHeaders();
    } else pump();
  });
}

/** Heap and Buffer memory now, in bytes (Buffers live outside the JS heap). */
const held = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe('request body limits', () => {
  it('answers 413 to a 64 MB chunked post before it is all sent, holding no more than the limit', async () => {
    const { port, seen } = await startSite();
    const before = held();
    const rssBefore = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, held())), 5);
    const answer = await post(port, '/en/account/signin/', 64 * MB);
    clearInterval(sampler);
    peak = Math.max(peak, held());
    const growth = (peak - before) / MB;
    console.log(
      `64 MB chunked post: 413 after ${(answer.sentBeforeAnswer / MB).toFixed(2)} MB sent; heap+buffers grew at most ${growth.toFixed(1)} MB, RSS ${((process.memoryUsage().rss - rssBefore) / MB).toFixed(1)} MB`,
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(answer.text).toBe(
      'That is too much to send at once (at most 256 KB). Shorten the text or choose a smaller file, then send it again.',
    );
    expect(answer.sentBeforeAnswer).toBeLessThan(8 * MB);
    expect(growth).toBeLessThan(8);
    expect(seen).toEqual([]);
  });

  it('answers 413 to a declared Content-Length over the limit without reading the body, or asking for it', async () => {
    const { port, seen } = await startSite();
    const declared = await post(port, '/fa/account/signin/', 256 * MB, { declare: true });
    expect(declared).toMatchObject({ status: 413, sentBeforeAnswer: 0 });
    expect(declared.text).toContain('۲۵۶ کیلوبایت');
    const expecting = await post(port, '/ru/contact/', BODY_LIMITS.form + 1, { declare: true, expectContinue: true });
    expect(expecting).toMatchObject({ status: 413, sentBeforeAnswer: 0, sawContinue: false });
    expect(expecting.text).toContain('не больше 256 КБ');
    expect(seen).toEqual([]);
  });

  it('hands a body within the limit on whole, chunked or not, and asks for it after Expect: 100-continue', async () => {
    const { port, seen } = await startSite();
    expect((await post(port, '/en/account/signin/', BODY_LIMITS.form)).status).toBe(200);
    expect((await post(port, '/en/account/signin/', BODY_LIMITS.form, { declare: true })).status).toBe(200);
    expect(await post(port, '/en/community/new/', 10_000, { declare: true, expectContinue: true })).toMatchObject({
      status: 200,
      sawContinue: true,
    });
    expect(seen.map((s) => s.bytes)).toEqual([BODY_LIMITS.form, BODY_LIMITS.form, 10_000]);
    expect(seen[0]!.fields.email).toBe('reader@example.com');
    expect(seen[0]!.fields.password).toHaveLength(BODY_LIMITS.form - 'email=reader%40example.com&password='.length);
  });

  it('gives each kind of route its own limit', async () => {
    const { port, seen } = await startSite();
    // The watched-words import takes a few MB (the page itself refuses a CSV over 256 KB, in words).
    expect((await post(port, '/admin/moderation/words/', 1 * MB)).status).toBe(200);
    expect((await post(port, '/admin/moderation/words/', 3 * MB)).status).toBe(413);
    // Beacons a few KB: JSON for a fetch, in the reader's language.
    const beacon = await post(port, '/api/search-events/', BODY_LIMITS.beacon + 1, {
      headers: { accept: 'application/json', 'accept-language': 'ru-RU,ru;q=0.9' },
    });
    expect(beacon.status).toBe(413);
    expect(beacon.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(beacon.text)).toEqual({
      ok: false,
      error:
        'Слишком много данных за один раз (не больше 32 КБ). Сократите текст или выберите файл поменьше и отправьте снова.',
    });
    expect((await post(port, '/en/feedback/', BODY_LIMITS.beacon + 1, { declare: true })).status).toBe(413);
    expect((await post(port, '/en/feedback/', BODY_LIMITS.beacon)).status).toBe(200);
    expect(seen.map((s) => [s.path, s.bytes])).toEqual([
      ['/admin/moderation/words/', 1 * MB],
      ['/en/feedback/', BODY_LIMITS.beacon],
    ]);
  });

  it('lets the vote beacon read a chunked vote the limit has read already', async () => {
    const { port, db } = await startSite();
    const origin = `http://127.0.0.1:${port}`;
    const body = new URLSearchParams({ article: ARTICLE, helpful: 'no', comment: 'Нет ответа про возврат' }).toString();
    const response = await new Promise<{ status: number | undefined; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/en/feedback/',
          method: 'POST',
          headers: {
            accept: 'application/json',
            origin,
            'content-type': 'application/x-www-form-urlencoded',
            'user-agent': 'Mozilla/5.0 Chrome/156.0',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c)).on('end', () => resolve({ status: res.statusCode, text }));
        },
      ).on('error', reject);
      // Two writes without a length: chunked.
      req.write(body.slice(0, 20));
      req.end(body.slice(20));
    });
    expect(response).toEqual({ status: 200, text: JSON.stringify({ ok: true, step: 'no' }) });
    expect(await db.selectFrom('article_votes').select(['helpful', 'comment']).execute()).toEqual([
      { helpful: 0, comment: 'Нет ответа про возврат' },
    ]);
  });
});
