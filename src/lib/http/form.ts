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

/** A same-site path to continue to after signing in; anything else becomes the fallback. */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  return next;
}
