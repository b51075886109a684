// The course's chapter order for code that runs in the browser (widgets, the model picker), which
// cannot read the config: astro.config.mjs defines it at build time. Outside a build (unit tests)
// it is the book's order.
/** The book's own chapters in its own order: what "chapter N" in the book's notes means. */
export const BOOK = ['01-neuron', '02-learning', '03-backprop', '04-language', '05-tokens', '06-embeddings', '07-attention', '08-transformer', '09-training', '10-sampling', '11-assistants'];

const defined = (import.meta.env as Record<string, string | undefined>).NTG_CHAPTERS;
export const courseChapters: readonly string[] = defined ? (JSON.parse(defined) as string[]) : BOOK;

/** "chapter 9" for a chapter this course has, by its own numbering; undefined if it leaves it out. */
export function chapterName(id: string, order: readonly string[] = courseChapters): string | undefined {
  const i = order.indexOf(id);
  return i < 0 ? undefined : `chapter ${i + 1}`;
}

/** " (chapter 7)" after a mention, or nothing when the course leaves the chapter out. */
export const seeChapter = (id: string, order: readonly string[] = courseChapters): string => {
  const name = chapterName(id, order);
  return name ? ` (${name})` : '';
};

/**
 * Rewrites the book's "chapter N" in a note (e.g. on the sources page) into this course's
 * numbering: "(chapter N)" disappears when the course leaves the chapter out, any other mention
 * names the chapter by its title.
 */
export function renumberNote(note: string, title: (id: string) => string | undefined, order: readonly string[] = courseChapters): string {
  return note.replace(/( \()?\bchapter (\d+)(\))?/g, (m, open: string | undefined, n: string, close: string | undefined) => {
    const id = BOOK[Number(n) - 1];
    if (!id) return m;
    if (open && close) return seeChapter(id, order);
    return (open ?? '') + (chapterName(id, order) ?? `“${title(id) ?? id}”`) + (close ?? '');
  });
}
