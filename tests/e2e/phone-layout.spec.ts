// No page scrolls sideways on a phone: every page type in every locale at 320 and 390 px wide,
// as the reader who sees it (anonymous, a signed-in member, an admin). Prints a table of page
// type × width → the document's scrollWidth per locale, and names what sticks out when it fails.
import { expect, test, type Browser, type Page } from '@playwright/test';

const WIDTHS = [320, 390] as const;
const queries = { fa: 'صبر', ru: 'терпение', en: 'patience' } as const;
const passwords = { member: 'demo-member-pass', admin: 'demo-admin-pass' } as const;
type Who = 'anonymous' | keyof typeof passwords;
type Locale = keyof typeof queries;

interface PageType {
  type: string;
  who: Who;
  path: (locale: Locale, found: Found) => string;
  /** What to wait for before measuring (content drawn by a script). */
  ready?: string;
  status?: number;
}
interface Found {
  thread: string;
  profile: string;
}

const pageTypes: PageType[] = [
  { type: 'home', who: 'anonymous', path: (l) => `/${l}/` },
  { type: 'category', who: 'anonymous', path: (l) => `/${l}/agent-skills/` },
  { type: 'article', who: 'anonymous', path: (l) => `/${l}/communication-kpis/support-kpis-explained/` },
  {
    type: 'search (with results)',
    who: 'anonymous',
    path: (l) => `/${l}/search/?q=${encodeURIComponent(queries[l])}`,
    ready: '.results a.hit',
  },
  { type: 'community index', who: 'anonymous', path: (l) => `/${l}/community/` },
  { type: 'community category', who: 'anonymous', path: (l) => `/${l}/community/orders/` },
  { type: 'thread', who: 'anonymous', path: (_, f) => f.thread },
  { type: 'ask form', who: 'member', path: (l) => `/${l}/community/new/` },
  { type: 'profile', who: 'anonymous', path: (_, f) => f.profile },
  { type: 'contact', who: 'anonymous', path: (l) => `/${l}/contact/` },
  { type: 'sign-in', who: 'anonymous', path: (l) => `/${l}/account/signin/` },
  { type: 'sign-up', who: 'anonymous', path: (l) => `/${l}/account/signup/` },
  { type: 'account', who: 'member', path: (l) => `/${l}/account/` },
  { type: '404', who: 'anonymous', path: (l) => `/${l}/no-such-page/`, status: 404 },
  { type: 'admin analytics', who: 'admin', path: (l) => `/admin/analytics/?lang=${l}` },
  { type: 'admin moderation queue', who: 'admin', path: (l) => `/admin/moderation/?lang=${l}` },
  { type: 'admin support', who: 'admin', path: (l) => `/admin/support/?lang=${l}` },
  { type: 'admin content status', who: 'admin', path: (l) => `/admin/content/?lang=${l}` },
];

async function pageAs(browser: Browser, baseURL: string, who: Who): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  if (who !== 'anonymous') {
    const response = await page.request.post('/en/account/signin/', {
      form: { email: `${who}@pasokh.example`, password: passwords[who] },
      headers: { Origin: baseURL },
      maxRedirects: 0,
    });
    expect(response.status(), `sign in as ${who}`).toBe(303);
  }
  return page;
}

/** The document's width, and the visible boxes that reach past either edge of the viewport. */
function measure(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    // Boxes inside a container that scrolls or clips on its own (a wide table in its scroller,
    // code) do not move the page; neither do visually hidden ones.
    const contained = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX !== 'visible' || s.clipPath !== 'none') return true;
      }
      return false;
    };
    const outside: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= width + 0.5 && r.left >= -0.5) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.clipPath !== 'none' || s.position === 'fixed') continue;
      if (el.closest('.skip-link') || contained(el)) continue;
      outside.push(
        `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} [${Math.round(r.left)}, ${Math.round(r.right)}]`,
      );
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, outside: outside.slice(0, 8) };
  });
}

for (const locale of ['fa', 'ru', 'en'] as const) {
  test(`${locale}: no page type scrolls sideways at 320 and 390 px`, async ({ browser, baseURL }) => {
    test.setTimeout(240_000);
    const pages = {
      anonymous: await pageAs(browser, baseURL!, 'anonymous'),
      member: await pageAs(browser, baseURL!, 'member'),
      admin: await pageAs(browser, baseURL!, 'admin'),
    };
    // A seeded thread and its asker's profile.
    await pages.anonymous.goto(`/${locale}/community/`);
    const thread = new URL((await pages.anonymous.locator('.thread-title a').first().getAttribute('href'))!, baseURL)
      .pathname;
    await pages.anonymous.goto(thread);
    const profile = new URL(
      (await pages.anonymous.locator('a[href*="/community/u/"]').first().getAttribute('href'))!,
      baseURL,
    ).pathname;
    const found = { thread, profile };

    const rows = new Map<string, Record<number, number>>(pageTypes.map((p) => [p.type, {}]));
    const failures: string[] = [];
    // One load per page type, measured at each width: the layout follows a resize as it does a load.
    for (const pageType of pageTypes) {
      const page = pages[pageType.who];
      const path = pageType.path(locale, found);
      await page.setViewportSize({ width: WIDTHS[0], height: 844 });
      const response = await page.goto(path);
      expect(response?.status(), `${pageType.type} ${path}`).toBe(pageType.status ?? 200);
      if (pageType.ready) await page.locator(pageType.ready).first().waitFor();
      await page.evaluate(() => document.fonts.ready);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 844 });
        const result = await measure(page);
        rows.get(pageType.type)![width] = result.scrollWidth;
        if (result.scrollWidth > result.innerWidth || result.outside.length)
          failures.push(
            `${pageType.type} at ${width}: scrollWidth ${result.scrollWidth}; outside: ${result.outside.join(', ') || '-'}`,
          );
      }
    }
    const table = [
      `| ${locale} page type | 320 | 390 |`,
      '| --- | --- | --- |',
      ...[...rows].map(([type, w]) => `| ${type} | ${w[320]} | ${w[390]} |`),
    ].join('\n');
    console.log(`scrollWidth by page type and viewport width (${locale}):\n${table}`);
    for (const page of Object.values(pages)) await page.context().close();
    expect(failures).toEqual([]);
  });
}
