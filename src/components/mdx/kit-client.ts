// The kit's behaviour (kit.ts has its markup): tabs and the YouTube player, as custom elements.
// Loaded by every page that shows articles' MDX, whichever way it was rendered.
let nextId = 0;
class PasokhTabs extends HTMLElement {
  connectedCallback() {
    if (this.querySelector('[role="tablist"]')) return;
    const panels = [...this.querySelectorAll<HTMLElement>(':scope > .tab-panels > .tab-panel')];
    if (panels.length < 2) return;
    const tablist = document.createElement('div');
    tablist.setAttribute('role', 'tablist');
    const tabs = panels.map((panel, index) => {
      const id = `tabs-${++nextId}`;
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.id = `${id}-tab`;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', `${id}-panel`);
      tab.textContent = panel.dataset.label ?? String(index + 1);
      panel.id = `${id}-panel`;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      panel.querySelector(':scope > .tab-label')?.setAttribute('hidden', '');
      tablist.append(tab);
      return tab;
    });
    const select = (index: number, focus: boolean) => {
      tabs.forEach((tab, i) => {
        const selected = i === index;
        tab.setAttribute('aria-selected', String(selected));
        tab.tabIndex = selected ? 0 : -1;
        panels[i]!.hidden = !selected;
      });
      if (focus) tabs[index]!.focus();
    };
    tablist.addEventListener('click', (event) => {
      const index = tabs.indexOf((event.target as HTMLElement).closest('button') as HTMLButtonElement);
      if (index >= 0) select(index, false);
    });
    tablist.addEventListener('keydown', (event) => {
      const current = tabs.indexOf(document.activeElement as HTMLButtonElement);
      if (current < 0) return;
      // Arrow keys follow the reading direction: in RTL the left arrow moves forward.
      const rtl = getComputedStyle(this).direction === 'rtl';
      const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
      const back = rtl ? 'ArrowRight' : 'ArrowLeft';
      const moves: Record<string, number> = {
        [forward]: current + 1,
        [back]: current - 1,
        Home: 0,
        End: tabs.length - 1,
      };
      const target = moves[event.key];
      if (target === undefined) return;
      event.preventDefault();
      select((target + tabs.length) % tabs.length, true);
    });
    this.prepend(tablist);
    select(0, false);
  }
}
customElements.define('pasokh-tabs', PasokhTabs);
class PasokhVideo extends HTMLElement {
  connectedCallback() {
    this.querySelector('a')?.addEventListener('click', (event) => {
      event.preventDefault();
      const iframe = document.createElement('iframe');
      iframe.src = `https://www.youtube-nocookie.com/embed/${this.dataset.id}?autoplay=1`;
      iframe.title = this.dataset.title ?? '';
      iframe.allow = 'accelerometer; autoplay; encrypted-media; picture-in-picture';
      iframe.allowFullscreen = true;
      iframe.referrerPolicy = 'strict-origin-when-cross-origin';
      this.querySelector('.video-start')?.replaceWith(iframe);
      iframe.focus();
    });
  }
}
customElements.define('pasokh-video', PasokhVideo);
