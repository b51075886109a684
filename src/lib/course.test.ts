// Loading a course (src/lib/course.ts) from another config file with COURSE_CONFIG, as the build
// does: extra chapters from the instructor's folder, and each mistake stopped with the file and fix.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';

const chapter = (title: string, extra = '') => `---\ntitle: ${title}\nsummary: One line.\ngoals:\n  - learn\n${extra}---\n\nText.\n`;

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A course folder in /tmp with a config and the given extra chapters; returns the config path. */
function fixture(config: string, chapters: Record<string, string> = {}): string {
  // Inside the project (extra chapters must be), in a folder git ignores.
  mkdirSync(join(process.cwd(), 'dist-test-courses'), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), 'dist-test-courses', 'course-'));
  made.push(dir);
  mkdirSync(join(dir, 'chapters'));
  for (const [id, text] of Object.entries(chapters)) writeFileSync(join(dir, 'chapters', `${id}.mdx`), text);
  writeFileSync(join(dir, 'course.config.ts'), config);
  return join(dir, 'course.config.ts');
}

const config = (fields: string) => `export default {
  title: 'Test course',
  repository: 'https://example.org/r',
  extraChapters: 'chapters',
  ${fields}
};`;

async function load(file: string) {
  vi.resetModules();
  vi.stubEnv('COURSE_CONFIG', file);
  return import('./course');
}
afterEach(() => vi.unstubAllEnvs());

describe('a course from COURSE_CONFIG', () => {
  test('extra chapters outside the project are refused', async () => {
    const file = fixture(config(`parts: [{ title: 'P', chapters: ['01-neuron'] }]`).replace("extraChapters: 'chapters'", "extraChapters: '/tmp/elsewhere'"));
    await expect(load(file)).rejects.toThrow(/extraChapters "\.\.\/.*elsewhere" is outside the project; keep your chapters in a folder of the repository/);
  });

  test("lists the book's chapters and the instructor's own, in the config's order", async () => {
    const file = fixture(config(`id: 'mine', parts: [{ title: 'P', chapters: ['20-mine', '01-neuron'] }]`), { '20-mine': chapter('Mine') });
    const c = await load(file);
    expect(c.chapterIds).toEqual(['20-mine', '01-neuron']);
    expect(c.chapterFile('20-mine')).toBe(join(file, '..', 'chapters', '20-mine.mdx'));
    expect(c.chapterTitle('20-mine')).toBe('Mine');
    expect(c.courseStoragePrefix).toBe('ntg.mine.');
    expect(c.course.solutions).toBe('shown');
  });

  test('an unknown id names both folders', async () => {
    const file = fixture(config(`parts: [{ title: 'P', chapters: ['20-mnie'] }]`), { '20-mine': chapter('Mine') });
    await expect(load(file)).rejects.toThrow(/unknown chapter id "20-mnie" at parts\[0\]\.chapters\[0\] — there is no 20-mnie\.mdx in src\/content\/chapters\/ or .*chapters\/\. Known ids: .*20-mine/);
  });

  test("an extra chapter with a book chapter's id must be renamed", async () => {
    const file = fixture(config(`parts: [{ title: 'P', chapters: ['01-neuron'] }]`), { '01-neuron': chapter('Mine') });
    await expect(load(file)).rejects.toThrow(/chapters\/01-neuron\.mdx: the book already has a chapter "01-neuron" .* Give your chapter another file name/);
  });

  test('a missing logo names the path and the fix', async () => {
    const file = fixture(config(`logo: '/brand/logo.svg', parts: [{ title: 'P', chapters: ['01-neuron'] }]`));
    await expect(load(file)).rejects.toThrow(/logo "\/brand\/logo\.svg" does not exist — put the file at public\/brand\/logo\.svg or change logo/);
  });

  test('front-matter mistakes are listed plainly, field by field', async () => {
    const bad = '---\ntitle: Mine\ngoal:\n  - learn\n---\n\nText.\n';
    const file = fixture(config(`parts: [{ title: 'P', chapters: ['20-mine'] }]`), { '20-mine': bad });
    const error = await load(file).then(() => undefined, (e: Error) => e.message);
    expect(error).toMatch(/chapters\/20-mine\.mdx: front matter does not match the chapter schema:\n/);
    expect(error).toContain('  - summary is missing: add a line "summary: …"');
    expect(error).toContain('  - goals is missing: add a line "goals: …"');
    expect(error).toContain('  - unknown field(s) "goal": the fields are title, summary, goals, draft');
    expect(error).not.toContain('**');
  });

  test('an accent colour too pale to read is refused with its contrast', async () => {
    const file = fixture(config(`accent: { light: '#99ccff', dark: '#7cb8f5' }, parts: [{ title: 'P', chapters: ['01-neuron'] }]`));
    await expect(load(file)).rejects.toThrow(/accent\.light #99ccff has contrast 1\.\d\d:1 on the light page \(#ffffff\); links need at least 4\.5:1 — pick a darker colour/);
  });
});
