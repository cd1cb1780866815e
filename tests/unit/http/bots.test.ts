// Who counts as a crawler (src/lib/http/bots.ts, isbot's list): searches, views, votes and
// contact flows from these are not customers'. Real user agents, as the servers' logs show them.
import { describe, expect, it } from 'vitest';
import { isBot } from '../../../src/lib/http/bots.ts';

const crawlers = {
  Googlebot:
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  bingbot:
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36',
  YandexBot: 'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  AhrefsBot: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  curl: 'curl/8.5.0',
};

/** Automation the hand-written expression let through as customers. */
const missedBefore = {
  // A headless browser is a script driving Chrome (scrapers, test suites, prerender services).
  HeadlessChrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  Lighthouse:
    'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
  PhantomJS: 'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
  'WhatsApp link preview': 'WhatsApp/2.23.20.0',
  Scrapy: 'Scrapy/2.11.2 (+https://scrapy.org)',
  'python-httpx': 'python-httpx/0.27.0',
  aiohttp: 'Python/3.12 aiohttp/3.9.5',
  okhttp: 'okhttp/4.12.0',
};

const browsers = {
  Chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  Firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Safari on iOS':
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Yandex Browser':
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 YaBrowser/24.12.0.0 Safari/537.36',
  'Yandex Browser on Android':
    'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 YaBrowser/24.12.1.100.00 SA/3 Mobile Safari/537.36',
  'Samsung Internet':
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  Edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  // In-app browsers: a person reading a link a friend sent.
  'Telegram in-app':
    'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.230 Mobile Safari/537.36 Telegram-Android/10.6.1',
  'Instagram in-app':
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 340.0.0.22.109',
};

describe('isBot', () => {
  it.each(Object.entries(crawlers))('%s is a crawler', (_, ua) => expect(isBot(ua)).toBe(true));
  it.each(Object.entries(missedBefore))('%s is a crawler (the old expression missed it)', (_, ua) =>
    expect(isBot(ua)).toBe(true),
  );
  it.each(Object.entries(browsers))('%s is a person', (_, ua) => expect(isBot(ua)).toBe(false));
  it('no user agent at all is a script', () => {
    expect(isBot(null)).toBe(true);
    expect(isBot('')).toBe(true);
  });
});
