// Browser side of the article feedback: reports the view, counts comment characters as readers
// count them, and sends the forms with fetch so the answer needs no reload. Without this file
// everything still works through plain form posts.

import { reportViewWhenShown } from '@/lib/analytics/view-beacon.ts';

const graphemes = (text: string) => [...new Intl.Segmenter().segment(text)].length;

function wireCounter(form: HTMLFormElement): () => boolean {
  const textarea = form.querySelector<HTMLTextAreaElement>('textarea[data-max]');
  const counter = form.querySelector<HTMLElement>('.count');
  if (!textarea || !counter) return () => true;
  const max = Number(textarea.dataset.max);
  const digits = new Intl.NumberFormat(
    document.documentElement.lang === 'fa' ? 'fa-IR' : document.documentElement.lang,
  );
  const update = () => {
    const count = graphemes(textarea.value);
    counter.textContent = (counter.dataset.template ?? '')
      .replace('{count}', digits.format(count))
      .replace('{max}', digits.format(max));
    counter.toggleAttribute('data-over', count > max);
    return count <= max;
  };
  textarea.addEventListener('input', update);
  update();
  return update;
}

export function wireFeedback(section: HTMLElement): void {
  const article = section.dataset.article!;
  const errorBox = section.querySelector<HTMLElement>('[data-feedback-error]')!;
  reportViewWhenShown('/api/article-views/', { article });
  for (const form of section.querySelectorAll<HTMLFormElement>('form[data-feedback-form]')) {
    const withinLimit = wireCounter(form);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      errorBox.textContent = '';
      if (!withinLimit()) {
        form.querySelector('textarea')?.focus();
        return;
      }
      // Urlencoded (not multipart): the server answers this small form before the page renderer.
      const body = new URLSearchParams(
        [...new FormData(form, event.submitter)].map(([name, value]) => [name, String(value)]),
      );
      const buttons = [...form.querySelectorAll('button')];
      buttons.forEach((b) => (b.disabled = true));
      try {
        const response = await fetch(form.action, { method: 'POST', body, headers: { Accept: 'application/json' } });
        const result = (await response.json()) as { ok: boolean; step?: string; error?: string };
        if (!result.ok) {
          errorBox.textContent = result.error ?? section.dataset.errorNetwork!;
          return;
        }
        location.replace(`#feedback-${result.step}`);
        section.querySelector<HTMLElement>(`#feedback-${result.step}`)?.focus();
      } catch {
        errorBox.textContent = section.dataset.errorNetwork!;
      } finally {
        buttons.forEach((b) => (b.disabled = false));
      }
    });
  }
}
