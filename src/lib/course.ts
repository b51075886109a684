// The validated course config, for build-time code (astro.config.mjs, pages). Reads the chapter
// directory to check that every listed id has a file.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import raw from '../../course.config';
import { chapterOrder, validateCourse } from './course-schema';

// From the project root (astro and vitest run there); import.meta.url moves when pages are bundled.
const chaptersDir = resolve(process.cwd(), 'src/content/chapters');

export const existingChapterIds = (): string[] =>
  readdirSync(chaptersDir)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => f.slice(0, -'.mdx'.length));

export const course = validateCourse(raw, existingChapterIds());
export const chapterIds = chapterOrder(course);
