// The site's colour palette, in one place: every colour variable for the light and the dark theme.
// themeCss() writes it as the CSS every page inlines in its <head> — light by default, dark when
// the system asks for it (unless the reader chose light) or the reader chose dark — with the
// course's accent colour, if its config sets one.
import { accentText } from './course-schema';

type Palette = Record<string, string>;

export const palette: { light: Palette; dark: Palette } = {
  light: {
    '--bg': '#ffffff',
    '--bg-soft': '#f5f6f8',
    '--bg-code': '#f6f8fa',
    '--fg': '#1c1e21',
    '--fg-muted': '#4a5059',
    '--border': '#d5d9de',
    '--accent': '#0b5cad',
    '--accent-fg': '#ffffff',
    '--focus': '#b35900',
    // Okabe–Ito palette: leaf (blue, circle) and flower (orange, triangle) stay apart for
    // colour-blind readers, and every mark also differs in shape. The -ink variants are for text
    // (4.5:1 contrast on the page background).
    '--class-a': '#0072b2',
    '--class-b': '#d55e00',
    '--class-a-ink': '#0068a3',
    '--class-b-ink': '#a84700',
    '--class-a-soft': '#cfe3f2',
    '--class-b-soft': '#f9dcc4',
    '--tie-soft': '#e4e4e4',
    '--ok': '#1b7a3a',
    '--bad': '#b00020',
  },
  dark: {
    '--bg': '#14171c',
    '--bg-soft': '#1d2128',
    '--bg-code': '#0d1117',
    '--fg': '#e6e8eb',
    '--fg-muted': '#a9b0ba',
    '--border': '#363c46',
    '--accent': '#7cb8f5',
    '--accent-fg': '#0b1320',
    '--focus': '#ffb454',
    '--class-a': '#56b4e9',
    '--class-b': '#e69f00',
    '--class-a-ink': '#56b4e9',
    '--class-b-ink': '#e69f00',
    '--class-a-soft': '#1b3548',
    '--class-b-soft': '#46331a',
    '--tie-soft': '#30343a',
    '--ok': '#6fd08c',
    '--bad': '#ff7b8a',
  },
};

const block = (selector: string, scheme: 'light' | 'dark', vars: Palette) =>
  `${selector}{color-scheme:${scheme};${Object.entries(vars)
    .map(([k, v]) => `${k}:${v}`)
    .join(';')}}`;

/** The palette as CSS, with an optional accent (light and dark) in place of the book's blue. */
export function themeCss(accent?: { light: string; dark: string }): string {
  const withAccent = (mode: 'light' | 'dark'): Palette =>
    accent ? { ...palette[mode], '--accent': accent[mode], '--accent-fg': accentText(accent[mode]) } : palette[mode];
  const light = withAccent('light');
  const dark = withAccent('dark');
  return [
    block(':root', 'light', light),
    `@media (prefers-color-scheme: dark){${block(":root:not([data-theme='light'])", 'dark', dark)}}`,
    block(":root[data-theme='dark']", 'dark', dark),
  ].join('\n');
}
