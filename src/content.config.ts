// Chapters are MDX files: the book's in src/content/chapters, an instructor's own in the folder the
// course config names (course/chapters/ by default). Only the chapters the course lists are loaded,
// so unlisted drafts are never compiled. course.ts has already checked ids and front matter, with
// messages that name the file and the fix; the schema here types the entries.
import { relative } from 'node:path';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './lib/chapter-schema';
import { chapterFile, chapterIds, projectRoot } from './lib/course';

const chapters = defineCollection({
  loader: glob({
    pattern: chapterIds.map((id) => relative(projectRoot, chapterFile(id))),
    base: '.',
    // The id is the file name, whichever folder the chapter lives in.
    generateId: ({ entry }) => entry.replace(/^.*\//, '').replace(/\.mdx$/, ''),
  }),
  schema: chapterSchema,
});

export const collections = { chapters };
