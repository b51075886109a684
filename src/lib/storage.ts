// Every key this site writes to localStorage or sessionStorage starts with one prefix per course
// (its id, else its base path; astro.config.mjs defines it at build time), so two courses served
// from one origin — GitHub Pages project sites — never share a reader's progress or edits.
// (The theme is read by an inline script before first paint, which spells out `ntg.theme`: the
// one setting that is the reader's, not the course's.)
export const STORAGE_PREFIX: string =
  (import.meta.env as Record<string, string | undefined>).NTG_STORAGE_PREFIX ?? 'ntg.root.';

export const storageKey = (name: string): string => STORAGE_PREFIX + name;
