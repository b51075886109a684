// Cells hydrate when they scroll into view; a click on Run that itself scrolled the cell into
// view lands before the island exists. Remember it on the cell root; Cell.svelte runs it on mount.
document.addEventListener(
  'click',
  (e) => {
    const button = (e.target as Element | null)?.closest?.('[data-cell] [data-action]');
    const root = button?.closest<HTMLElement>('[data-cell]');
    if (root && root.dataset.ready !== 'true') root.dataset.pendingAction = (button as HTMLElement).dataset.action;
  },
  true,
);
