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

export function wasSignedIn(): boolean {
  try {
    return localStorage.getItem(KEY) !== null;
  } catch {
    return false;
  }
}
