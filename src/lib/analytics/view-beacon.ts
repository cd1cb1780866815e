// Browser side of view counting (articles, forum threads): one beacon once the page is actually
// shown, so a tab opened in the background or prerendered is not a reader until it is looked at.
export function reportViewWhenShown(url: string, payload: object): void {
  const send = () => navigator.sendBeacon?.(url, new Blob([JSON.stringify(payload)], { type: 'application/json' }));
  if (document.visibilityState === 'visible') return void send();
  document.addEventListener('visibilitychange', function once() {
    if (document.visibilityState !== 'visible') return;
    document.removeEventListener('visibilitychange', once);
    send();
  });
}
