// An article's MDX rendered to HTML at content-load time, with the same compiler (Sätteri), the
// same features and the same plugins as the MDX integration, and the writers' kit as functions
// (src/components/mdx/kit.ts). Bundling every article as a module made Astro's build grow past
// 5 GB at 10,000 articles; the loader renders each article once (src/components/mdx/render.ts).
// An article with its own imports (an image for <Figure>) is left to the MDX integration.
import { evaluate, mdxToMdast } from 'satteri';
import { satteriHeadingIdsPlugin } from '@astrojs/markdown-satteri';
import { jsx as hastJsx, Fragment } from 'hastscript/jsx-runtime';
import { toHtml } from 'hast-util-to-html';
import type { MarkdownHeading } from 'astro';
import { parseFrontmatter } from 'astro/markdown';
import bidiIsolation from '../../integrations/bidi-isolation.ts';

export interface RenderedMdx {
  html: string;
  headings: MarkdownHeading[];
}

type Component = (props: Record<string, unknown>) => unknown;

/** Components are called right away; everything else becomes an HTML tree. */
function jsx(type: unknown, props: unknown) {
  if (typeof type === 'function') return (type as Component)(props as Record<string, unknown>);
  return hastJsx(type as string, props as never);
}

/** An MDX file's body, as the glob loader and the MDX integration take it: without its frontmatter. */
export function mdxBody(source: string): string {
  return parseFrontmatter(source, { frontmatter: 'remove' }).content.trim();
}

/** Whether the MDX has `import`/`export` lines: only the MDX integration can resolve them. */
export function hasModuleSyntax(source: string): boolean {
  // Cheap first: most articles have no line starting with either word.
  if (!/^(?:import|export)\s/m.test(source)) return false;
  const tree = mdxToMdast(source) as { children?: { type: string }[] };
  return (tree.children ?? []).some((node) => node.type === 'mdxjsEsm');
}

/** Renders an MDX body (frontmatter removed) with the given components. Throws on bad MDX. */
export function renderMdx(source: string, components: Record<string, Component>): RenderedMdx {
  const data = {
    astro: {
      headings: [] as MarkdownHeading[],
      frontmatter: {},
      localImagePaths: new Set<string>(),
      remoteImagePaths: new Set<string>(),
    },
  };
  const module = evaluate(source, {
    jsx,
    jsxs: jsx,
    Fragment,
    hastPlugins: [bidiIsolation, satteriHeadingIdsPlugin()],
    features: { gfm: true, smartPunctuation: true },
    elementAttributeNameCase: 'html',
    data,
  }) as { default: (props: { components: Record<string, Component> }) => Parameters<typeof toHtml>[0] };
  const html = toHtml(module.default({ components }), { allowDangerousHtml: true });
  return { html, headings: data.astro.headings };
}
