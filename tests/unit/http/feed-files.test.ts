// The prerendered article feeds go out as Atom, not as the application/xml their extension says;
// other files, and feeds that are not files (the community's, rendered per request), are left alone.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staticContentType } from '../../../src/lib/http/feed-files.ts';

const client = mkdtempSync(join(tmpdir(), 'pasokh-feeds-'));
for (const file of ['/fa/feed.xml', '/ru/agent-skills/feed.xml', '/sitemaps/articles.xml', '/en/feed.xml.bak']) {
  mkdirSync(dirname(join(client, file)), { recursive: true });
  writeFileSync(join(client, file), '<feed/>');
}
afterAll(() => rmSync(client, { recursive: true, force: true }));

describe('staticContentType', () => {
  it("names a locale's and a category's feed file Atom", () => {
    expect(staticContentType(client, '/fa/feed.xml')).toBe('application/atom+xml; charset=utf-8');
    expect(staticContentType(client, '/ru/agent-skills/feed.xml')).toBe('application/atom+xml; charset=utf-8');
  });
  it('leaves other files, missing feeds and paths out of the folder alone', () => {
    expect(staticContentType(client, '/sitemaps/articles.xml')).toBeUndefined();
    expect(staticContentType(client, '/en/feed.xml.bak')).toBeUndefined();
    expect(staticContentType(client, '/en/feed.xml')).toBeUndefined();
    expect(staticContentType(client, '/fa/community/billing/feed.xml')).toBeUndefined();
    expect(staticContentType(client, '/fa/../fa/feed.xml')).toBeUndefined();
  });
});
