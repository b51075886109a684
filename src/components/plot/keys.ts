// Keyboard control of a plot: arrow keys move a cursor (or a point), Enter or Space acts there.
// Every chart that can be clicked is operable this way (`use:plotKeys={{ move, activate }}`).

/** Screen direction of an arrow key: right and up are positive. */
export function arrowDirection(key: string): [dx: number, dy: number] | null {
  switch (key) {
    case 'ArrowLeft': return [-1, 0];
    case 'ArrowRight': return [1, 0];
    case 'ArrowUp': return [0, 1];
    case 'ArrowDown': return [0, -1];
    default: return null;
  }
}

export interface PlotKeyOptions {
  /** An arrow key: one step right/left (dx) and up/down (dy); Shift asks for a bigger step. */
  move(dx: number, dy: number, big: boolean): void;
  /** Enter or Space. */
  activate?(): void;
}

/** A Svelte action: keyboard moves and activation on a focusable plot element. */
export function plotKeys(node: Element, options: PlotKeyOptions) {
  let opts = options;
  const onKey = (e: Event) => {
    const ev = e as KeyboardEvent;
    const dir = arrowDirection(ev.key);
    if (dir) opts.move(dir[0], dir[1], ev.shiftKey);
    else if ((ev.key === 'Enter' || ev.key === ' ') && opts.activate) opts.activate();
    else return;
    ev.preventDefault();
  };
  node.addEventListener('keydown', onKey);
  return {
    update(next: PlotKeyOptions) {
      opts = next;
    },
    destroy() {
      node.removeEventListener('keydown', onKey);
    },
  };
}
