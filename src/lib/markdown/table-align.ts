// Column alignment of Markdown tables (`:--`, `:-:`, `--:`) as a class. markdown-it and MDX write
// it as an inline style (`text-align:center`), which the Content-Security-Policy blocks (no
// 'unsafe-inline' for styles), so the alignment was lost with an error in the console. The
// classes (src/styles/global.css) use logical values: a column aligned "left" in the source
// starts where the line starts, which is the right-hand side in Persian.
const CLASSES = new Map([
  ['left', 'align-start'],
  ['center', 'align-center'],
  ['right', 'align-end'],
]);

export const TABLE_ALIGN_CLASSES: readonly string[] = [...CLASSES.values()];

/** The class for a cell aligned `left`, `center` or `right`; undefined for anything else. */
export function tableAlignClass(align: string | null | undefined): string | undefined {
  return align ? CLASSES.get(align.trim().toLowerCase()) : undefined;
}
