// Word files through mammoth, the maintained .docx reader: it turns paragraph styles into
// headings and lists and pictures into data: URLs (saved as files by references.ts), and gives
// the HTML the HTML reader already knows. Word's "Title" and "Subtitle" styles are headings too.
import mammoth from 'mammoth';
import { readHtml, type HtmlReading } from './html.ts';

const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

export interface DocxReading extends HtmlReading {
  /** What mammoth could not carry over (an unknown style, an unsupported element). */
  warnings: string[];
}

export async function readDocx(buffer: Buffer): Promise<DocxReading> {
  const [html, raw] = await Promise.all([
    mammoth.convertToHtml({ buffer }, { styleMap: STYLE_MAP }),
    mammoth.extractRawText({ buffer }),
  ]);
  const { tree, text } = readHtml(html.value, { fragment: true });
  const warnings = html.messages.map((m) => `Word file: ${m.message}`);
  // The document's own text (mammoth's plain-text reading) plus the pictures' alt text.
  return { tree, text: `${raw.value}\n${text}`, warnings };
}
