// The exercises a chapter's MDX source has, in page order, for the progress page: <Exercise id="…"
// title="…"> cells and widgets that check themselves (exercise="…"). Read from the source at build
// time, so the progress page lists every exercise before the reader has opened the chapter.

export interface ExerciseEntry {
  /** The id progress is stored under: the Exercise's id, or the widget's exercise value. */
  id: string;
  title?: string;
  /** The component, for widget exercises (e.g. "NeuronPlayground"). */
  widget?: string;
}

/** Reads one attribute from a tag's opening text (attributes before the first {…} value). */
const attrOf = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

export function listExercises(source: string): ExerciseEntry[] {
  const out: ExerciseEntry[] = [];
  // The opening text of a tag up to its first {…} attribute or its end; ids and titles are plain
  // strings in practice, and code={`…`} may contain ">".
  const tags = /<([A-Z][\w.]*)\b([^>{]*)/g;
  for (const m of source.matchAll(tags)) {
    const [, name, attrs] = m;
    if (name === 'Exercise') {
      const id = attrOf(attrs, 'id');
      if (id) out.push({ id, title: attrOf(attrs, 'title') });
    } else {
      const exercise = attrOf(attrs, 'exercise');
      if (exercise) out.push({ id: exercise, widget: name });
    }
  }
  return out;
}
