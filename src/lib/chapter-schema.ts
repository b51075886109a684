// Frontmatter of a chapter MDX file. Shared by the content collection and the content tests.
import { z } from 'astro/zod';

export const chapterSchema = z
  .object({
    title: z.string().min(1),
    /** One line for the contents page and the page description. */
    summary: z.string().min(1),
    /** "In this chapter you will …" list. */
    goals: z.array(z.string().min(1)).min(1),
    /** Drafts are built by `astro dev` only. */
    draft: z.boolean().default(false),
  })
  .strict();
