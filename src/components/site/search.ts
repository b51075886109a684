// The header's search box, minus the DOM: when the "/" shortcut applies, how a Pagefind result
// becomes one line of the list, and what the status line says. Pagefind itself (its JavaScript
// and the index under <base>pagefind/) loads only when the reader first focuses the box or presses
// "/", so it costs a chapter page nothing up front.

/** The parts of a Pagefind result the list shows (pagefind.js's own `PagefindSearchFragment`). */
export interface PagefindFragment {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  sub_results?: { title: string; url: string; excerpt: string; locations?: number[] }[];
}

/** The slice of pagefind.js the box uses. */
export interface PagefindApi {
  options(o: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  search(term: string): Promise<{ results: { data(): Promise<PagefindFragment> }[] } | null>;
}

export interface SearchHit {
  /** Where the link goes: the section where the words occur most, else the chapter. */
  url: string;
  /** The chapter's title, from its h1. */
  title: string;
  /** The section's heading when the link goes to a section inside the chapter. */
  section: string | null;
  /** Pagefind's excerpt: text it has HTML-escaped, with the matched words in <mark>. */
  excerpt: string;
}

/** Results shown at most; the rest would need scrolling inside the header. */
export const MAX_HITS = 8;

/**
 * Whether "/" should focus the search box: not while the reader types in a field, a code cell's
 * editor (contenteditable) or a select, and not with a modifier held.
 */
export function shortcutApplies(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'defaultPrevented'>,
  target: EventTarget | { closest(selector: string): unknown } | null,
): boolean {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return false;
  const el = target as { closest?: (selector: string) => unknown } | null;
  if (!el || typeof el.closest !== 'function') return true; // the document or window: nothing is being typed
  return !el.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])');
}

/** One line of the list for a Pagefind result: linked to its best-matching section. */
export function toHit(f: PagefindFragment): SearchHit {
  const title = f.meta.title ?? f.url;
  // Pagefind splits a page at its headings; the part with the most matches is where to land.
  let best: NonNullable<PagefindFragment['sub_results']>[number] | null = null;
  for (const s of f.sub_results ?? []) if (!best || (s.locations?.length ?? 0) > (best.locations?.length ?? 0)) best = s;
  if (best && best.url !== f.url && best.title && best.title !== title)
    return { url: best.url, title, section: best.title, excerpt: best.excerpt };
  return { url: f.url, title, section: null, excerpt: f.excerpt };
}

/** The status line above the list (read out by screen readers as it changes). */
export function statusText(query: string, hits: number | 'loading' | { error: string }): string {
  const q = query.trim();
  if (hits === 'loading') return 'Loading search…';
  if (typeof hits === 'object') return `Search is unavailable: ${hits.error}`;
  if (!q) return 'Type a word to search every chapter.';
  if (hits === 0) return `No chapter mentions “${q}”.`;
  const who = hits === 1 ? '1 chapter mentions' : `${hits} chapters mention`;
  return `${who} “${q}”${hits > MAX_HITS ? ` (the first ${MAX_HITS} shown)` : ''}.`;
}

/** Loads pagefind.js from the built site (it is not part of the bundle) and points it at `base`. */
export async function loadPagefind(base: string): Promise<PagefindApi> {
  const src = `${base}pagefind/pagefind.js`;
  let mod: PagefindApi;
  try {
    mod = (await import(/* @vite-ignore */ src)) as PagefindApi;
  } catch {
    // `astro dev` has no index: it is written by `npm run build`.
    throw new Error(`the index (${src}) is missing. It is built by npm run build; try npm run preview.`);
  }
  await mod.options({ baseUrl: base, excerptLength: 24 });
  await mod.init();
  return mod;
}
