// Reads a submitted form into plain strings. Files are ignored and every value is capped, so a
// hostile body cannot make a page keep megabytes in memory or in a re-rendered form.
const MAX_FIELD_LENGTH = 20_000;

export async function readForm(request: Request): Promise<Record<string, string>> {
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return {}; // not a form body: treated as an empty submission
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of data) {
    if (typeof value === 'string' && !(name in fields)) fields[name] = value.slice(0, MAX_FIELD_LENGTH);
  }
  return fields;
}

// Parsed against a fixed origin: only what stays on it is a path of ours.
const SAME_SITE = new URL('http://same-site.invalid/');

/**
 * A same-site path to continue to after signing in; anything else becomes the fallback. Control
 * characters and backslashes are refused before parsing (browsers drop a tab in `/\t/evil.example`
 * and read `//evil.example`; a line break would split the Location header), and what comes back
 * is the parsed path, re-serialized, never the text as given.
 */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f-\u009f\\]/.test(next)) return fallback;
  const url = URL.parse(next, SAME_SITE);
  if (!url || url.origin !== SAME_SITE.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? fallback : path;
}

export interface FormWithText {
  /** String fields as readForm reads them, except `long` ones, which are kept whole (up to the cap). */
  fields: Record<string, string>;
  /** The uploaded file's text (UTF-8, byte order mark dropped), or null when none was chosen. */
  file: string | null;
  /** The body, the file or a long field is larger than allowed; nothing of it was kept. */
  tooLarge: boolean;
  /** The file is not UTF-8 text. */
  notText: boolean;
}

/**
 * A multipart (or plain) form with one optional text file (`file`) and text areas (`long`) that
 * must not be cut short silently: a CSV pasted or uploaded is refused as too large instead.
 */
export async function readFormWithText(
  request: Request,
  options: { file: string; long: readonly string[]; maxBytes: number },
): Promise<FormWithText> {
  const result: FormWithText = { fields: {}, file: null, tooLarge: false, notText: false };
  const declared = Number(request.headers.get('content-length'));
  // Room for the multipart framing and the other (short) fields around the allowed text.
  if (Number.isFinite(declared) && declared > options.maxBytes * 2 + 64 * 1024) return { ...result, tooLarge: true };
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return result;
  }
  for (const [name, value] of data) {
    if (name in result.fields) continue;
    if (typeof value === 'string') {
      if (options.long.includes(name)) {
        if (new TextEncoder().encode(value).length > options.maxBytes) result.tooLarge = true;
        else result.fields[name] = value;
      } else {
        result.fields[name] = value.slice(0, MAX_FIELD_LENGTH);
      }
    } else if (name === options.file && value.size > 0 && result.file === null) {
      if (value.size > options.maxBytes) {
        result.tooLarge = true;
        continue;
      }
      try {
        result.file = new TextDecoder('utf-8', { fatal: true }).decode(await value.arrayBuffer());
      } catch {
        result.notText = true;
      }
    }
  }
  return result;
}
