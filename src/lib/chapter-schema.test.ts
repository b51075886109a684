import { describe, expect, test } from 'vitest';
import { chapterSchema } from './chapter-schema';

const good = { title: 'One neuron', summary: 'Numbers in, a number out.', goals: ['Compute a weighted sum.'] };

describe('chapter frontmatter', () => {
  test('accepts a complete chapter and defaults draft to false', () => {
    expect(chapterSchema.parse(good)).toEqual({ ...good, draft: false });
  });

  test('names every bad field: a missing title, a number for a summary, an empty goal list', () => {
    const r = chapterSchema.safeParse({ summary: 42, goals: [] });
    expect(r.success).toBe(false);
    const fields = r.error!.issues.map((i) => i.path.join('.')).sort();
    expect(fields).toEqual(['goals', 'summary', 'title']);
  });

  test('refuses unknown fields, so a misspelt one is not silently ignored', () => {
    const r = chapterSchema.safeParse({ ...good, sumary: 'typo' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toContain('sumary');
  });
});
