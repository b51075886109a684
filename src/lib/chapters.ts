// The chapters of the course in reading order, joined with their frontmatter. Build-time only.
import { getCollection, type CollectionEntry } from 'astro:content';
import { course } from './course';

export interface ChapterInfo {
  id: string;
  number: number;
  part: string;
  entry: CollectionEntry<'chapters'>;
}

/** Listed chapters, in config order, numbered from 1; drafts only in `astro dev`. */
export async function getChapters(): Promise<ChapterInfo[]> {
  const entries = new Map((await getCollection('chapters')).map((e) => [e.id, e]));
  const out: ChapterInfo[] = [];
  for (const part of course.parts)
    for (const id of part.chapters) {
      const entry = entries.get(id);
      if (!entry) throw new Error(`course.config.ts: chapter "${id}" has no entry in the chapters collection`);
      if (entry.data.draft && !import.meta.env.DEV) continue;
      out.push({ id, number: out.length + 1, part: part.title, entry });
    }
  return out;
}

export const chapterPath = (id: string): string => `/chapters/${id}/`;
