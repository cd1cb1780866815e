// What an attacker tried (issue 21): mail links never follow a forged Host, ?next= never leaves
// the site. Against the real server, with raw HTTP where a browser would not send the request.
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { readMail } from './helpers.ts';

/** A form POST with headers a browser would never let a page set (Host). */
function rawPost(
  baseURL: string,
  path: string,
  headers: Record<string, string>,
  form: Record<string, string>,
): Promise<{ status: number; location: string | undefined }> {
  const url = new URL(path, baseURL);
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('a reset mail links to the site, whatever Host and X-Forwarded-Host the request claims', async ({ baseURL }) => {
  const since = Date.now();
  const answer = await rawPost(
    baseURL!,
    '/en/account/forgot/',
    {
      Host: 'evil.example',
      Origin: 'http://evil.example',
      'X-Forwarded-Host': 'evil2.example',
      'X-Forwarded-Proto': 'https',
    },
    { email: 'writer@pasokh.example' },
  );
  expect(answer.status).toBe(200);
  const mail = await readMail('writer@pasokh.example', since);
  expect(mail.link.startsWith(`${new URL(baseURL!).origin}/en/account/reset/?token=`)).toBe(true);
  expect(mail.text).not.toContain('evil');
});

test('?next= after signing in stays on the site: tabs, line breaks and doubled slashes fall back to the account page', async ({
  playwright,
  baseURL,
}) => {
  const cases: [string, string][] = [
    ['/%09/evil.example/', '/en/account/'],
    ['/%0A/evil.example/', '/en/account/'],
    ['/%0D%0ASet-Cookie:%20x=1', '/en/account/'],
    ['//evil.example/', '/en/account/'],
    ['/%5Cevil.example', '/en/account/'],
    ['https://evil.example/', '/en/account/'],
    ['/en/community/', '/en/community/'],
  ];
  for (const [next, expected] of cases) {
    const context = await playwright.request.newContext({ baseURL });
    const response = await context.post(`/en/account/signin/?next=${next}`, {
      form: { email: 'member@pasokh.example', password: 'demo-member-pass' },
      headers: { Origin: new URL(baseURL!).origin },
      maxRedirects: 0,
    });
    expect(response.status(), next).toBe(303);
    expect(response.headers().location, next).toBe(expected);
    // Signed in: the cookie was not lost to a broken header.
    expect(
      (await context.storageState()).cookies.map((c) => c.name),
      next,
    ).toContain('pasokh_session');
    await context.dispose();
  }
});
