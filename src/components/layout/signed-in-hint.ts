// Whether this browser was last seen signed in, as on-demand pages (which know) remember it:
// prerendered pages, the same HTML for everyone, ask the server for what is the reader's own (the
// bell's count, a Follow button's state) only then, so anonymous readers send no request at all.
const KEY = 'pasokh.signedIn';

export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(KEY, '1');
    else localStorage.removeItem(KEY);
  } catch {
    // Storage blocked: prerendered pages show what they show everyone.
  }
}

/**
 * GET `path` as the signed-in reader (same origin, never cached) when this browser was last seen
 * signed in; its JSON, or null when it was not, the server says it is not (401: forgotten) or fails.
 */
export async function askIfSignedIn<T>(path: string): Promise<T | null> {
  if (!wasSignedIn()) return null;
  const response = await fetch(path, {
    cache: 'no-store',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  if (response.status === 401) rememberSignedIn(false);
  return response.ok ? ((await response.json()) as T) : null;
}

function wasSignedIn(): boolean {
  try {
    return localStorage.getItem(KEY) !== null;
  } catch {
    return false;
  }
}
