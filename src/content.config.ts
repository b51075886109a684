// Chapters are MDX files in src/content/chapters. A frontmatter mistake fails the build with the
// file (entry id) and the field named by Astro's schema error.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './lib/chapter-schema';
import { chapterIds } from './lib/course';

const chapters = defineCollection({
  // Only the chapters course.config.ts lists are loaded, so unlisted drafts are never compiled.
  loader: glob({ pattern: chapterIds.map((id) => `${id}.mdx`), base: './src/content/chapters' }),
  schema: chapterSchema,
});

export const collections = { chapters };
