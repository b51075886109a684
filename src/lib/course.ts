// The validated course config, for build-time code (astro.config.mjs, pages, the MDX checks).
// Reads the book's chapter folder and the instructor's own (`extraChapters`) to check that every
// listed id has exactly one file, and checks each listed chapter's front matter and the logo, so a
// mistake stops the build with the file and the fix.
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import bookConfig from '../../course.config';
import { chapterSchema } from './chapter-schema';
import { chapterOrder, resolveBase, storagePrefix, validateCourse, type Course } from './course-schema';

// From the project root (astro and vitest run there); import.meta.url moves when pages are bundled.
export const projectRoot = process.cwd();
export const bookChaptersDir = resolve(projectRoot, 'src/content/chapters');

/**
 * The config file in use: `COURSE_CONFIG` (a path from the project root) when set, so one checkout
 * can build several courses; course.config.ts otherwise.
 */
export const configFile = resolve(projectRoot, process.env.COURSE_CONFIG || 'course.config.ts');
const configName = relative(projectRoot, configFile);

/** Loads another config file: bundled with esbuild (it may import defineCourse) and run here. */
function loadConfig(file: string): unknown {
  if (!existsSync(file)) throw new Error(`COURSE_CONFIG=${process.env.COURSE_CONFIG}: there is no file ${file}`);
  const out = buildSync({ entryPoints: [file], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  const module = { exports: {} as { default?: unknown } };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, createRequire(file));
  if (module.exports.default === undefined) throw new Error(`${configName} has no default export: end it with \`export default defineCourse({ … })\``);
  return module.exports.default;
}

const raw: unknown = process.env.COURSE_CONFIG ? loadConfig(configFile) : bookConfig;

const mdxIds = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.mdx'))
        .map((f) => f.slice(0, -'.mdx'.length))
    : [];

/** The extra-chapters folder named by the config (default course/chapters/), relative to the config file. */
const extraDirOf = (input: unknown): string => {
  const named = (input as { extraChapters?: unknown } | null)?.extraChapters;
  return resolve(dirname(configFile), typeof named === 'string' ? named : 'course/chapters');
};
export const extraChaptersDir = extraDirOf(raw);
if (relative(projectRoot, extraChaptersDir).startsWith('..'))
  throw new Error(
    `${configName}: extraChapters "${relative(projectRoot, extraChaptersDir)}" is outside the project; ` +
      'keep your chapters in a folder of the repository, e.g. course/chapters/',
  );

/** Every chapter that exists, book and instructor's, whether or not the course lists it. */
export const existingChapterIds = (): string[] => [...mdxIds(bookChaptersDir), ...mdxIds(extraChaptersDir)];

/** The file of a chapter id: the book's folder or the instructor's. */
export function chapterFile(id: string): string {
  const extra = resolve(extraChaptersDir, `${id}.mdx`);
  return existsSync(extra) ? extra : resolve(bookChaptersDir, `${id}.mdx`);
}

/** The same id in both folders would make links ambiguous: the instructor renames theirs. */
function checkNoClash() {
  const book = new Set(mdxIds(bookChaptersDir));
  const clash = mdxIds(extraChaptersDir).filter((id) => book.has(id));
  if (clash.length)
    throw new Error(
      `${relative(projectRoot, resolve(extraChaptersDir, `${clash[0]}.mdx`))}: the book already has a chapter "${clash[0]}" ` +
        `(src/content/chapters/${clash[0]}.mdx). Give your chapter another file name, e.g. "${clash[0]}-notes.mdx", and list that id.`,
    );
}

/** Front-matter mistakes, said plainly (Astro's own message garbles the field names). */
export function checkFrontmatter(file: string, source: string): void {
  const name = relative(projectRoot, file);
  let data: unknown;
  try {
    data = parseFrontmatter(source).frontmatter;
  } catch (e) {
    throw new Error(`${name}: the front matter (between the --- lines at the top) is not valid YAML: ${(e as Error).message}`);
  }
  const r = chapterSchema.safeParse(data);
  if (r.success) return;
  const lines = r.error.issues.map((i) => {
    const field = i.path.join('.') || '(front matter)';
    if (i.code === 'invalid_type' && i.received === 'undefined') return `  - ${field} is missing: add a line "${field}: …"`;
    if (i.code === 'unrecognized_keys') return `  - unknown field(s) ${i.keys.map((k) => `"${k}"`).join(', ')}: the fields are title, summary, goals, draft`;
    return `  - ${field}: ${i.message}`;
  });
  throw new Error(`${name}: front matter does not match the chapter schema:\n${lines.join('\n')}`);
}

/** A logo path that is not in public/ would be a 404 on every page: stop the build instead. */
function checkLogo(course: Course) {
  if (!course.logo) return;
  const file = resolve(projectRoot, 'public', course.logo.slice(1));
  if (!existsSync(file))
    throw new Error(
      `${configName}: logo "${course.logo}" does not exist — put the file at ${relative(projectRoot, file)} ` +
        `or change logo to the path of a file under public/ (or remove the logo line)`,
    );
}

checkNoClash();
export const course: Course = validateCourse(
  raw,
  existingChapterIds(),
  configName,
  `src/content/chapters/ or ${relative(projectRoot, extraChaptersDir)}/`,
);
checkLogo(course);
export const chapterIds = chapterOrder(course);
for (const id of chapterIds) {
  const file = chapterFile(id);
  checkFrontmatter(file, readFileSync(file, 'utf8'));
}

/** The title of any existing chapter, listed or not (for references to chapters a course leaves out). */
export function chapterTitle(id: string): string | undefined {
  const file = chapterFile(id);
  if (!existsSync(file)) return undefined;
  const title = (parseFrontmatter(readFileSync(file, 'utf8')).frontmatter as { title?: unknown }).title;
  return typeof title === 'string' ? title : undefined;
}

/** Whether a chapter's front matter says `draft: true` (drafts are built by `astro dev` only). */
export const isDraft = (id: string): boolean =>
  (parseFrontmatter(readFileSync(chapterFile(id), 'utf8')).frontmatter as { draft?: unknown }).draft === true;

/** Reads a Markdown file the config names (intro, about), relative to the config file. */
export function courseText(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const file = resolve(dirname(configFile), path);
  if (!existsSync(file)) throw new Error(`${configName}: the file "${path}" does not exist (looked for ${relative(projectRoot, file)})`);
  return readFileSync(file, 'utf8');
}

/** Base path of this build and the prefix of the reader's stored progress. */
export const base = resolveBase(course, process.env.BASE_PATH);
export const courseStoragePrefix = storagePrefix(course, base);
