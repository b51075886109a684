// A button that turns itself off while its work runs (Run, Train, Stop) must not drop keyboard
// focus to <body>, as `disabled` does: the reader would have to tab from the top of the page.
// This action disables it in place instead: aria-disabled="true" (announced as unavailable, styled
// like :disabled in global.css), still focusable, and clicks, Enter and Space do nothing.
//   <button use:softDisabled={status === 'running'} onclick={run}>Run</button>
// Use it for buttons a reader presses that then disable themselves; plain `disabled` is fine for
// controls that are off before the reader reaches them.

/** Stops activation of a soft-disabled button before any handler of the page sees it. */
function block(e: Event) {
  const el = e.currentTarget as HTMLElement;
  if (el.getAttribute('aria-disabled') === 'true') {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}

export function softDisabled(node: HTMLElement, off: boolean) {
  const set = (v: boolean) => {
    if (v) node.setAttribute('aria-disabled', 'true');
    else node.removeAttribute('aria-disabled');
  };
  set(off);
  node.addEventListener('click', block, { capture: true });
  return {
    update: set,
    destroy: () => node.removeEventListener('click', block, { capture: true }),
  };
}
