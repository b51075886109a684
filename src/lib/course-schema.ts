// The course config's shape and its checks. Pure (no file system) so tests can feed it any config.
import { z } from 'astro/zod';

const chapterId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a chapter id is the file name without .mdx, e.g. "01-neuron"');

const basePath = z
  .string()
  .regex(/^\/(.*\/)?$/, 'base must start and end with "/", e.g. "/course/"');

export const courseSchema = z
  .object({
    title: z.string().min(1),
    subtitle: z.string().default(''),
    /** Path of the logo under public/, e.g. "/logo.svg". */
    logo: z.string().optional(),
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
export function validateCourse(input: unknown, existingIds: readonly string[], file = 'course.config.ts'): Course {
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
          `${file}: unknown chapter id "${id}" at ${where} — there is no src/content/chapters/${id}.mdx. ` +
            `Known ids: ${[...known].sort().join(', ') || '(none)'}`,
        );
      const first = seen.get(id);
      if (first) throw new Error(`${file}: chapter id "${id}" is listed twice (${first} and ${where})`);
      seen.set(id, where);
    }),
  );
  return course;
}

/** The chapter ids in reading order. */
export const chapterOrder = (course: Course): string[] => course.parts.flatMap((p) => p.chapters);

/** Base path to build for: env BASE_PATH, then the config, then "/"; always "/…/". */
export function resolveBase(course: Pick<Course, 'base'>, env: string | undefined): string {
  const raw = env?.trim() || course.base || '/';
  const withLead = raw.startsWith('/') ? raw : `/${raw}`;
  return withLead.endsWith('/') ? withLead : `${withLead}/`;
}
