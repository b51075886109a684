// Colours for plots. Okabe–Ito hues stay distinct for colour-blind readers; marks should also differ
// by shape. Values are CSS variables (see src/styles/global.css) so SVG follows light/dark mode.
// Two-class plots use class A (blue) and class B (orange), whatever the classes are called.
export const colors = {
  classA: 'var(--class-a)',
  classB: 'var(--class-b)',
  classAInk: 'var(--class-a-ink)',
  classBInk: 'var(--class-b-ink)',
  classASoft: 'var(--class-a-soft)',
  classBSoft: 'var(--class-b-soft)',
  tieSoft: 'var(--tie-soft)',
  fg: 'var(--fg)',
  muted: 'var(--fg-muted)',
  border: 'var(--border)',
  // The names from chapter 1 (leaf = class A, flower = class B), for widgets written before.
  leaf: 'var(--class-a)',
  flower: 'var(--class-b)',
  leafInk: 'var(--class-a-ink)',
  flowerInk: 'var(--class-b-ink)',
  leafSoft: 'var(--class-a-soft)',
  flowerSoft: 'var(--class-b-soft)',
} as const;

/** Okabe–Ito categorical palette, for series without a theme variable. */
export const categorical = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Resolves a CSS variable on an element, for canvas drawing (which cannot use var()). */
export const cssVar = (el: Element, name: string): string => getComputedStyle(el).getPropertyValue(name).trim();
