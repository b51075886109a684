import { describe, expect, test } from 'vitest';
import { arrowDirection, plotKeys } from './keys';

/** Just enough of an element for the action: keydown listeners. */
function fakeNode() {
  const listeners: ((e: Event) => void)[] = [];
  return {
    addEventListener: (_: string, fn: (e: Event) => void) => listeners.push(fn),
    removeEventListener: (_: string, fn: (e: Event) => void) => listeners.splice(listeners.indexOf(fn), 1),
    press(key: string, shiftKey = false) {
      let prevented = false;
      const ev = { key, shiftKey, preventDefault: () => (prevented = true) } as unknown as Event;
      for (const fn of [...listeners]) fn(ev);
      return prevented;
    },
    listeners,
  };
}

describe('plot keys', () => {
  test('arrows map to screen directions, right and up positive', () => {
    expect(arrowDirection('ArrowRight')).toEqual([1, 0]);
    expect(arrowDirection('ArrowUp')).toEqual([0, 1]);
    expect(arrowDirection('ArrowDown')).toEqual([0, -1]);
    expect(arrowDirection('a')).toBeNull();
  });

  test('the action moves, activates, leaves other keys alone and cleans up', () => {
    const node = fakeNode();
    const moves: [number, number, boolean][] = [];
    let activated = 0;
    const action = plotKeys(node as unknown as Element, { move: (dx, dy, big) => moves.push([dx, dy, big]), activate: () => activated++ });
    expect(node.press('ArrowLeft')).toBe(true);
    expect(node.press('ArrowUp', true)).toBe(true);
    expect(node.press('Enter')).toBe(true);
    expect(node.press(' ')).toBe(true);
    expect(node.press('Tab')).toBe(false);
    expect(moves).toEqual([[-1, 0, false], [0, 1, true]]);
    expect(activated).toBe(2);
    action.destroy();
    expect(node.listeners).toHaveLength(0);
  });
});
