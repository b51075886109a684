// Every key this site writes to localStorage or sessionStorage starts with one prefix, so the
// book's entries are easy to find and never collide with another app on the same origin.
// (The theme is read by an inline script before first paint, which spells out `ntg.theme`.)
export const STORAGE_PREFIX = 'ntg.';

export const storageKey = (name: string): string => STORAGE_PREFIX + name;
