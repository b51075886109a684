import { describe, expect, it } from 'vitest';
import { softDisabled } from './softDisabled';

/** Just enough of a button for the action: attributes and events (Node has EventTarget). */
class FakeButton extends EventTarget {
  private attrs = new Map<string, string>();
  getAttribute = (k: string) => this.attrs.get(k) ?? null;
  setAttribute = (k: string, v: string) => void this.attrs.set(k, v);
  removeAttribute = (k: string) => void this.attrs.delete(k);
  hasAttribute = (k: string) => this.attrs.has(k);
  click() {
    const e = new Event('click', { cancelable: true });
    this.dispatchEvent(e);
    return e;
  }
}

describe('softDisabled', () => {
  it('marks the button aria-disabled and swallows presses until it is on again', () => {
    const button = new FakeButton();
    const action = softDisabled(button as unknown as HTMLElement, false);
    let runs = 0;
    button.addEventListener('click', () => runs++);
    button.click();
    expect(runs).toBe(1);
    expect(button.hasAttribute('aria-disabled')).toBe(false);

    action.update(true);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    const swallowed = button.click();
    expect(runs).toBe(1);
    expect(swallowed.defaultPrevented).toBe(true);

    action.update(false);
    expect(button.hasAttribute('aria-disabled')).toBe(false);
    button.click();
    expect(runs).toBe(2);

    action.destroy();
    action.update(true);
    button.click();
    expect(runs).toBe(3);
  });
});
