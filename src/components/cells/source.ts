// Cell code as authors write it in MDX (`code={`...`}`) starts on a fresh line and carries the
// MDX indentation; readers should see it flush left.
export function tidySource(code: string): string {
  const lines = code.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** The chapter id of a page URL (`/base/chapters/01-neuron/` → `01-neuron`), for exercise progress. */
export function chapterOf(pathname: string): string {
  const m = /\/chapters\/([^/]+)/.exec(pathname);
  return m ? m[1] : pathname.replace(/\/+$/, '').split('/').pop() || 'index';
}

/**
 * Cell ids key saved edits and exercise progress, so two cells of one page must not share one.
 * `registry` is per build render (Astro.locals); the page path keeps pages apart regardless.
 */
export function claimCellId(registry: Record<string, unknown>, page: string, id: string): void {
  const seen = (registry.cellIds ??= new Set<string>()) as Set<string>;
  const key = `${page}#${id}`;
  if (seen.has(key)) throw new Error(`Cell id "${id}" is used twice on ${page}; give every cell and exercise its own id.`);
  seen.add(key);
}
