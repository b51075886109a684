// Colours for plots. Okabe–Ito hues stay distinct for colour-blind readers; marks should also differ
// by shape. Values are CSS variables (see src/styles/global.css) so SVG follows light/dark mode.
export const colors = {
  leaf: 'var(--leaf)',
  flower: 'var(--flower)',
  leafInk: 'var(--leaf-ink)',
  flowerInk: 'var(--flower-ink)',
  leafSoft: 'var(--leaf-soft)',
  flowerSoft: 'var(--flower-soft)',
  tieSoft: 'var(--tie-soft)',
  fg: 'var(--fg)',
  muted: 'var(--fg-muted)',
  border: 'var(--border)',
} as const;

/** Okabe–Ito categorical palette, for series without a theme variable. */
export const categorical = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Resolves a CSS variable on an element, for canvas drawing (which cannot use var()). */
export const cssVar = (el: Element, name: string): string => getComputedStyle(el).getPropertyValue(name).trim();
