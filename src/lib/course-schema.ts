// The course config's shape and its checks. Pure (no file system) so tests can feed it any config.
import { z } from 'astro/zod';

const chapterId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a chapter id is the file name without .mdx, e.g. "01-neuron"');

const hexColour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written "#rrggbb", e.g. "#0b5cad"');

const basePath = z
  .string()
  .regex(/^\/(.*\/)?$/, 'base must start and end with "/", e.g. "/course/"');

export const courseSchema = z
  .object({
    title: z.string().min(1),
    subtitle: z.string().default(''),
    /** Identifies the course in the reader's browser (progress, saved edits); defaults to the base path. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'an id is lowercase letters, digits and dashes, e.g. "ml-101"')
      .optional(),
    /** Path of the logo under public/, e.g. "/logo.svg"; the file must exist. */
    logo: z.string().regex(/^\//, 'logo is a path under public/ starting with "/", e.g. "/logo.svg"').optional(),
    /** Link and highlight colour, for light and dark pages; each must be readable on its background. */
    accent: z.object({ light: hexColour, dark: hexColour }).strict().optional(),
    /** Markdown file (relative to the config) for the home page's introduction; the book's text by default. */
    intro: z.string().min(1).optional(),
    /** Markdown file (relative to the config) for the About page; the book's text by default. */
    about: z.string().min(1).optional(),
    /** Folder (relative to the config) with the instructor's own chapters, named like the book's. */
    extraChapters: z.string().min(1).default('course/chapters'),
    /** 'hidden' builds no solution into the site: no "Show solution", no "Use solution". */
    solutions: z.enum(['shown', 'hidden']).default('shown'),
    repository: z.string().url(),
    parts: z
      .array(z.object({ title: z.string().min(1), chapters: z.array(chapterId).min(1) }))
      .min(1),
    /** Sub-path the site is served from; env BASE_PATH wins. */
    base: basePath.optional(),
    /** Absolute site URL; env SITE_URL wins. */
    site: z.string().url().optional(),
  })
  .strict();

export type CourseInput = z.input<typeof courseSchema>;
export type Course = z.output<typeof courseSchema>;

/** Identity with types, so course.config.ts gets autocompletion. */
export const defineCourse = (course: CourseInput): CourseInput => course;

/**
 * Validates a course config against its schema and the chapters that exist.
 * Every message names the config file and the offending field or id, so a build failure says
 * what to fix.
 */
export function validateCourse(
  input: unknown,
  existingIds: readonly string[],
  file = 'course.config.ts',
  folders = 'src/content/chapters/',
): Course {
  const parsed = courseSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file} is not a valid course config:\n${lines.join('\n')}`);
  }
  const course = parsed.data;
  const seen = new Map<string, string>();
  const known = new Set(existingIds);
  course.parts.forEach((part, p) =>
    part.chapters.forEach((id, c) => {
      const where = `parts[${p}].chapters[${c}]`;
      if (!known.has(id))
        throw new Error(
          `${file}: unknown chapter id "${id}" at ${where} — there is no ${id}.mdx in ${folders}. ` +
            `Known ids: ${[...known].sort().join(', ') || '(none)'}`,
        );
      const first = seen.get(id);
      if (first) throw new Error(`${file}: chapter id "${id}" is listed twice (${first} and ${where})`);
      seen.set(id, where);
    }),
  );
  if (course.accent)
    for (const mode of ['light', 'dark'] as const) {
      const ratio = contrast(course.accent[mode], PAGE_BACKGROUND[mode]);
      if (ratio < 4.5)
        throw new Error(
          `${file}: accent.${mode} ${course.accent[mode]} has contrast ${ratio.toFixed(2)}:1 on the ${mode} page ` +
            `(${PAGE_BACKGROUND[mode]}); links need at least 4.5:1 — pick a ${mode === 'light' ? 'darker' : 'lighter'} colour`,
        );
    }
  return course;
}

/** Page backgrounds of the two themes (src/styles/global.css --bg), for the accent contrast check. */
export const PAGE_BACKGROUND = { light: '#ffffff', dark: '#14171c' } as const;

/** WCAG relative luminance of "#rrggbb". */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio of two "#rrggbb" colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Text colour for a button filled with `accent`: white or near-black, whichever reads better. */
export const accentText = (accent: string): string =>
  contrast(accent, '#ffffff') >= contrast(accent, '#0b1320') ? '#ffffff' : '#0b1320';

/** The chapter ids in reading order. */
export const chapterOrder = (course: Course): string[] => course.parts.flatMap((p) => p.chapters);

/**
 * The prefix of every key the site stores in the reader's browser: the course id, else its base
 * path, so two courses served from one origin (GitHub Pages project sites) keep apart.
 */
export const storagePrefix = (course: Pick<Course, 'id'>, base: string): string =>
  `ntg.${course.id ?? (base.replace(/^\/|\/$/g, '') || 'root')}.`;

/** Base path to build for: env BASE_PATH, then the config, then "/"; always "/…/". */
export function resolveBase(course: Pick<Course, 'base'>, env: string | undefined): string {
  const raw = env?.trim() || course.base || '/';
  const withLead = raw.startsWith('/') ? raw : `/${raw}`;
  return withLead.endsWith('/') ? withLead : `${withLead}/`;
}
