// Links and images of imported text, made to work on this site or said plainly in the report:
// - a link to the web, a mail address, a phone or an anchor stays; a link to a page of this site
//   stays when the page exists; any other (relative to the blog it came from, javascript:…) cannot
//   work here (and a broken link stops the build), so its text stays without the link;
// - an image inside the file (a Word picture, a data: URL) or next to it on disk is saved under
//   content/images/ and linked relatively, so the build optimizes it like any article image;
//   an image from another site stays as it is, with a warning (the site's Content-Security-Policy
//   serves images from itself only); an image that cannot be found becomes its alt text.
import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Image, Link, Nodes, Parent, PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';

const KEPT_LINK = /^(?:https?:|mailto:|tel:|#)/i;
const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|avif|svg\+xml);base64,(.*)$/is;
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg']);
/** From content/articles/<locale>/<category>/<slug>.mdx to content/images/. */
export const IMAGES_FROM_ARTICLE = '../../../images/';

export interface Asset {
  /** File name under content/images/. */
  name: string;
  data: Buffer;
}

export interface ReferenceContext {
  /** Folder of the input file: relative image paths are looked up there. */
  inputDir: string;
  /** Paths of this site a link may point at (`/fa/`, `/fa/agent-skills/`, `/fa/agent-skills/x/`). */
  routes: ReadonlySet<string>;
  /** Base of the saved images' names: `<slug>-1.png`, `<slug>-2.jpg`, … */
  slug: string;
}

export interface References {
  assets: Asset[];
  warnings: string[];
}

function describe(url: string): string {
  return url.length > 80 ? `${url.slice(0, 77)}…` : url;
}

function imageFile(image: Image, context: ReferenceContext): { ext: string; data: Buffer } | undefined {
  const inline = DATA_IMAGE.exec(image.url);
  if (inline) {
    const type = inline[1]!.toLowerCase();
    const ext = type === 'svg+xml' ? '.svg' : type === 'jpeg' ? '.jpg' : `.${type}`;
    return { ext, data: Buffer.from(inline[2]!, 'base64') };
  }
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(image.url) || image.url.startsWith('/')) return undefined;
  let path: string;
  try {
    path = resolve(context.inputDir, decodeURIComponent(image.url.split(/[?#]/)[0]!));
  } catch {
    return undefined;
  }
  const ext = extname(path).toLowerCase();
  if (!IMAGE_EXTENSIONS.has(ext) || !existsSync(path)) return undefined;
  return { ext: ext === '.jpeg' ? '.jpg' : ext, data: readFileSync(path) };
}

/** Settles every link and image of the tree in place; returns the images to save and what to tell the writer. */
export function settleReferences(tree: Parent, context: ReferenceContext): References {
  const assets: Asset[] = [];
  const warnings: string[] = [];

  const settleLink = (link: Link): PhrasingContent[] => {
    if (KEPT_LINK.test(link.url)) return [link];
    const path = link.url.split(/[?#]/)[0]!;
    if (link.url.startsWith('/') && !link.url.startsWith('//') && context.routes.has(path)) return [link];
    warnings.push(
      `link "${describe(link.url)}" (on "${toString(link)}") does not lead to a page of this site: its text was kept without the link`,
    );
    return link.children;
  };

  const settleImage = (image: Image): PhrasingContent[] => {
    if (/^https?:\/\//i.test(image.url)) {
      warnings.push(
        `image ${describe(image.url)} is on another site, and the site's Content-Security-Policy shows images from itself only: save it under content/images/ and link it as ${IMAGES_FROM_ARTICLE}<file>`,
      );
      return [image];
    }
    const file = imageFile(image, context);
    if (file) {
      const name = `${context.slug}-${assets.length + 1}${file.ext}`;
      assets.push({ name, data: file.data });
      return [{ ...image, url: `${IMAGES_FROM_ARTICLE}${name}` }];
    }
    const alt = image.alt?.trim();
    warnings.push(
      `image ${describe(image.url.startsWith('data:') ? 'data:…' : image.url)} could not be read${alt ? `: its alt text "${alt}" was kept as text` : ' and had no alt text'}`,
    );
    return alt ? [{ type: 'text', value: alt }] : [];
  };

  const walk = (parent: Parent) => {
    parent.children = (parent.children as Nodes[]).flatMap((child): Nodes[] => {
      if ('children' in child) walk(child);
      if (child.type === 'link') return settleLink(child);
      if (child.type === 'image') return settleImage(child);
      return [child];
    }) as typeof parent.children;
  };
  walk(tree);
  return { assets, warnings };
}
