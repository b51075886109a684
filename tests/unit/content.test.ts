// Content checks that need no build: the course config against the chapter files, and every
// listed chapter's frontmatter against the collection schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { describe, expect, test } from 'vitest';
import { chapterSchema } from '../../src/lib/chapter-schema';
import { chapterIds, existingChapterIds } from '../../src/lib/course';

describe('course.config.ts', () => {
  test('lists at least one chapter, every id once, each with a file', () => {
    expect(chapterIds.length).toBeGreaterThan(0);
    expect(new Set(chapterIds).size).toBe(chapterIds.length);
    for (const id of chapterIds) expect(existingChapterIds()).toContain(id);
  });
});

describe.each(chapterIds)('chapter %s', (id) => {
  const source = readFileSync(join('src/content/chapters', `${id}.mdx`), 'utf8');
  const { frontmatter, content } = parseFrontmatter(source);

  test('frontmatter matches the schema', () => {
    const r = chapterSchema.safeParse(frontmatter);
    expect(r.success, r.success ? '' : `${id}.mdx: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`).toBe(true);
  });

  test('has no unfinished-work markers and no hard-coded root links', () => {
    expect(content).not.toMatch(/\b(TODO|TBD|coming soon|placeholder)\b/i);
    // Internal links must go through url() so the site works under a base path.
    expect(content).not.toMatch(/\]\(\/(?!\/)|href="\/(?!\/)/);
  });
});
