// The writers' component kit as functions from props to HTML trees (hast), in one place for
// both ways an article is rendered: the content loader renders most articles' MDX with them
// at load time (src/lib/content/mdx.ts), and the MDX integration renders the rest (a file that
// imports an image, and the writers' guide) through the thin .astro wrappers next to this file.
// Their look is in kit.css, their behaviour in kit-client.ts. Relative imports: render-worker.ts
// runs it in plain Node, without the `@/` alias.
import { h, s, type Child } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { useTranslations } from '../../i18n/index.ts';
import type { Locale } from '../../i18n/locales.ts';
import { faqJsonLd, serializeJsonLd, type FaqItem } from '../../lib/seo/json-ld.ts';
import { tableAlignClass } from '../../lib/markdown/table-align.ts';

/** MDX hands a component its content as trees, text, or lists of them: always passed on after a
 * properties object, or hastscript would take a lone node without children (text, raw) for props. */
type Props = Record<string, unknown> & { children?: Child };
export type KitComponent = (props: Props) => Element;

type CalloutType = 'note' | 'tip' | 'warning' | 'danger';
const CALLOUT_ICONS: Record<CalloutType, string> = {
  note: 'M12 8h.01M11 12h1v5h1',
  tip: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.7.7 1 1.5 1 2.5h6c0-1 .3-1.8 1-2.5A6 6 0 0 0 12 3z',
  warning: 'M12 9v4M12 17h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z',
  danger: 'M12 8v5M12 16h.01M7.9 2h8.2L22 7.9v8.2L16.1 22H7.9L2 16.1V7.9z',
};
const YOUTUBE_ICON =
  'M66.5 7.7a8.5 8.5 0 0 0-6-6C55.3.3 34 .3 34 .3s-21.3 0-26.5 1.4a8.5 8.5 0 0 0-6 6C.1 12.9.1 24 .1 24s0 11.1 1.4 16.3a8.5 8.5 0 0 0 6 6C12.7 47.7 34 47.7 34 47.7s21.3 0 26.5-1.4a8.5 8.5 0 0 0 6-6C67.9 35.1 67.9 24 67.9 24s0-11.1-1.4-16.3z';

const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));

const kits = new Map<Locale, Record<string, KitComponent>>();

/** The kit for articles in one locale: its labels (a callout's default title, …) are that locale's. */
export function kitComponents(locale: Locale): Record<string, KitComponent> {
  let kit = kits.get(locale);
  if (!kit) kits.set(locale, (kit = createKit(locale)));
  return kit;
}

function createKit(locale: Locale): Record<string, KitComponent> {
  const { t } = useTranslations(locale);

  const Callout: KitComponent = ({ type, title, children }) => {
    const kind: CalloutType = typeof type === 'string' && type in CALLOUT_ICONS ? (type as CalloutType) : 'note';
    const label = text(title) ?? t(`kit.callout.${kind}`);
    const icon = s(
      'svg',
      {
        'aria-hidden': 'true',
        viewBox: '0 0 24 24',
        width: '20',
        height: '20',
        fill: 'none',
        stroke: 'currentColor',
        'stroke-width': '2',
        'stroke-linecap': 'round',
        'stroke-linejoin': 'round',
      },
      [
        kind === 'note' ? s('circle', { cx: '12', cy: '12', r: '10' }) : undefined,
        s('path', { d: CALLOUT_ICONS[kind] }),
      ],
    );
    return h('aside', { class: `callout callout-${kind}`, 'aria-label': label }, [
      h('p.callout-title', [icon, h('span', label)]),
      h('div.callout-body', {}, children),
    ]);
  };

  // A Markdown ordered list inside; the numbering is drawn with CSS counters.
  const Steps: KitComponent = ({ children }) => h('div.steps', {}, children);

  // Progressive enhancement: the panels are plain sections, all visible without JavaScript;
  // kit-client.ts turns them into an ARIA tab list.
  const Tabs: KitComponent = ({ children }) => h('pasokh-tabs.tabs', [h('div.tab-panels', {}, children)]);
  const TabItem: KitComponent = ({ label, children }) =>
    h('section.tab-panel', { 'data-label': text(label) }, h('p.tab-label', [h('strong', text(label))]), children);

  const Kbd: KitComponent = ({ children }) => h('kbd.kbd', {}, children);

  // A YouTube embed that loads nothing from YouTube until the reader asks: the link works
  // without JavaScript; with it, kit-client.ts swaps in the privacy-enhanced player.
  const Video: KitComponent = ({ id, title }) => {
    const videoId = encodeURIComponent(String(id ?? ''));
    const name = text(title) ?? '';
    return h('pasokh-video.video', { 'data-id': videoId, 'data-title': name }, [
      h('a.video-start', { href: `https://www.youtube.com/watch?v=${videoId}` }, [
        s('svg', { 'aria-hidden': 'true', viewBox: '0 0 68 48', width: '68', height: '48' }, [
          s('path', { d: YOUTUBE_ICON, fill: '#d32f2f' }),
          s('path', { d: 'M45 24 27 14v20', fill: '#fff' }),
        ]),
        h('span.video-title', t('kit.video.play', { title: name })),
      ]),
      h('p.video-note.muted', t('kit.video.privacy')),
    ]);
  };

  const FAQ: KitComponent = ({ items, title }) => {
    const list = (Array.isArray(items) ? items : []) as FaqItem[];
    return h('section.faq', [
      h('h2', text(title) ?? t('kit.faq.title')),
      ...list.map((item) => h('details', [h('summary', item.question), h('p', item.answer)])),
      h('script', { type: 'application/ld+json' }, serializeJsonLd(faqJsonLd(list))),
    ]);
  };

  // Plain Markdown elements that need a wrapper or a change to stay accessible and allowed.
  // A table scrolls sideways on a narrow screen; a scrollable region must be reachable by keyboard.
  const table: KitComponent = ({ children, ...rest }) =>
    h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-label': t('kit.table.label') }, [
      h('table', rest as Record<string, string>, children),
    ]);
  // MDX hands a column's alignment (`:-:`) over as an inline style, which the CSP blocks: a
  // class instead, the same as in forum posts (lib/markdown/table-align.ts).
  const cell =
    (tag: 'td' | 'th'): KitComponent =>
    ({ children, style, class: className, ...rest }) => {
      const align = (style as { textAlign?: string } | undefined)?.textAlign;
      const classes = [className, tableAlignClass(align)].filter(Boolean).join(' ');
      return h(tag, { ...(rest as Record<string, string>), class: classes || undefined }, children);
    };
  // Code blocks scroll sideways, so they take focus; they hold source (MDX, YAML, commands),
  // never an answer in words, so search neither indexes them nor shows them as an excerpt.
  const pre: KitComponent = ({ children, ...rest }) =>
    h('pre', { tabindex: '0', 'data-pagefind-ignore': '', ...(rest as Record<string, string>) }, children);

  return { Callout, Steps, Tabs, TabItem, Kbd, Video, FAQ, table, th: cell('th'), td: cell('td'), pre };
}

/** Whether rendered HTML holds a kit element that needs kit-client.ts (a page ships it only then). */
export function needsKitClient(html: string): boolean {
  return /<pasokh-(?:tabs|video)[\s>]/.test(html);
}

/**
 * One kit component as HTML, for the .astro wrappers: `contentHtml` is the component's content,
 * already rendered by Astro.
 */
export function kitHtml(locale: Locale, name: string, props: Record<string, unknown>, contentHtml: string): string {
  const component = kitComponents(locale)[name];
  if (!component) throw new Error(`No kit component named ${name}`);
  const element = component({ ...props, children: { type: 'raw', value: contentHtml } as unknown as ElementContent });
  return toHtml(element, { allowDangerousHtml: true });
}
