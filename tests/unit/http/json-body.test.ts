import { z } from 'astro/zod';
import { describe, expect, it } from 'vitest';
import { readJsonBody, tooManyRequests } from '../../../src/lib/http/json-body.ts';

const schema = z.strictObject({ thread: z.number().int().positive() });
const post = (body: string) => new Request('http://x/', { method: 'POST', body });

describe('readJsonBody', () => {
  it('accepts a body that fits the schema, and answers 400 or 413 otherwise', async () => {
    expect(await readJsonBody(post('{"thread":3}'), schema, 64)).toEqual({ ok: true, data: { thread: 3 } });
    expect(await readJsonBody(post('{"thread":-3}'), schema, 64)).toEqual({ ok: false, status: 400 });
    expect(await readJsonBody(post('{"thread":3,"x":1}'), schema, 64)).toEqual({ ok: false, status: 400 });
    expect(await readJsonBody(post('not json'), schema, 64)).toEqual({ ok: false, status: 400 });
    expect(await readJsonBody(post(`{"thread":${'1'.repeat(80)}}`), schema, 64)).toEqual({ ok: false, status: 413 });
  });

  it('rounds the wait up to whole seconds', () => {
    const response = tooManyRequests(1_200);
    expect([response.status, response.headers.get('retry-after')]).toEqual([429, '2']);
  });
});
