// Search analytics from the browser: one event per settled query (not per keystroke), and one
// when a result is opened, sent with sendBeacon so leaving the page does not lose it.
export interface SearchEventInput {
  locale: string;
  query: string;
  normalized: string;
  results: number;
  clickedUrl?: string | undefined;
  clickedRank?: number | undefined;
}

export function sendSearchEvent(event: SearchEventInput): void {
  const body = new Blob([JSON.stringify(event)], { type: 'application/json' });
  if (!navigator.sendBeacon?.('/api/search-events/', body)) {
    void fetch('/api/search-events/', { method: 'POST', body, keepalive: true, credentials: 'omit' }).catch(() => {});
  }
}

/** Sends a query once it has stood still for `delay` ms; a click sends at once instead. */
export function settledReporter(delay = 1500) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: SearchEventInput | undefined;
  let lastSent = '';
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending && `${pending.locale}|${pending.query}` !== lastSent) {
      sendSearchEvent(pending);
      lastSent = `${pending.locale}|${pending.query}`;
    }
    pending = undefined;
  };
  return {
    searched(event: SearchEventInput) {
      pending = event;
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, delay);
    },
    clicked(event: SearchEventInput) {
      if (timer) clearTimeout(timer);
      pending = undefined;
      lastSent = `${event.locale}|${event.query}`;
      sendSearchEvent(event);
    },
    flush,
  };
}
