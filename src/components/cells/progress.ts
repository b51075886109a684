// What stays in localStorage: a reader's edits per cell, which exercises they have solved, and
// which they loaded the solution into (those do not count as solved). Keys carry the course's
// prefix (lib/storage.ts), so two courses on one origin keep apart. Storage may be unavailable
// (private mode, blocked cookies); then nothing is remembered.

import { storageKey } from '../../lib/storage';

const EDIT_PREFIX = storageKey('cell:');
const SOLVED_PREFIX = storageKey('solved:');
const EXERCISES_PREFIX = storageKey('exercises:');
const USED_SOLUTION_PREFIX = storageKey('used-solution:');

function get(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function set(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Not remembering is the only sensible fallback.
  }
}

const editKey = (page: string, cellId: string) => `${EDIT_PREFIX}${page}:${cellId}`;

export const loadEdit = (page: string, cellId: string) => get(editKey(page, cellId));
export const saveEdit = (page: string, cellId: string, code: string | null) => set(editKey(page, cellId), code);

function readList(key: string): string[] {
  try {
    const v: unknown = JSON.parse(get(key) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The exercises of a chapter this reader has solved. */
export const solvedIn = (chapter: string): string[] => readList(`${SOLVED_PREFIX}${chapter}`);

/** Marks an exercise solved for a chapter; solved stays solved, even if a later try fails. */
export function recordSolved(chapter: string, exercise: string) {
  if (usedSolution(chapter, exercise)) return; // the solution's pass is not the reader's
  const solved = new Set(solvedIn(chapter));
  solved.add(exercise);
  set(`${SOLVED_PREFIX}${chapter}`, JSON.stringify([...solved]));
}

/** Remembers that the reader loaded an exercise's solution: a pass after that does not count. */
export function recordSolutionUsed(chapter: string, exercise: string) {
  const used = new Set(readList(`${USED_SOLUTION_PREFIX}${chapter}`));
  used.add(exercise);
  set(`${USED_SOLUTION_PREFIX}${chapter}`, JSON.stringify([...used]));
}

export const usedSolution = (chapter: string, exercise: string): boolean =>
  readList(`${USED_SOLUTION_PREFIX}${chapter}`).includes(exercise);

/** Remembers which exercises a chapter has, so its sidebar entry can say "1/3" on other pages too. */
export function recordExercises(chapter: string, ids: string[]) {
  set(`${EXERCISES_PREFIX}${chapter}`, JSON.stringify(ids));
}

export function chapterProgress(chapter: string): { solved: number; total: number } | null {
  const ids = JSON.parse(get(`${EXERCISES_PREFIX}${chapter}`) ?? 'null') as string[] | null;
  if (!ids || ids.length === 0) return null;
  const solved = new Set(solvedIn(chapter));
  return { solved: ids.filter((id) => solved.has(id)).length, total: ids.length };
}

export function progressText(p: { solved: number; total: number }): string {
  return `${p.solved}/${p.total} exercise${p.total === 1 ? '' : 's'}`;
}

/** Fills the sidebar's `[data-progress-for]` slots for every chapter this reader has opened. */
export function showProgress(root: ParentNode = document) {
  for (const el of root.querySelectorAll<HTMLElement>('[data-progress-for]')) {
    const p = chapterProgress(el.dataset.progressFor ?? '');
    el.textContent = p ? progressText(p) : '';
    if (p) el.setAttribute('title', `${progressText(p)} solved`);
  }
}

/** The progress file a reader exports and imports: which exercises of which chapter are solved. */
export interface ProgressFile {
  format: 'neuron-to-gpt-progress';
  version: 1;
  /** The course's storage prefix, so a file says which course it came from. */
  course: string;
  solved: Record<string, string[]>;
}

const FORMAT = 'neuron-to-gpt-progress';

/** This reader's progress in the given chapters, as the JSON object a progress file holds. */
export function exportProgress(chapters: readonly string[]): ProgressFile {
  const solved: Record<string, string[]> = {};
  for (const c of chapters) {
    const ids = solvedIn(c);
    if (ids.length) solved[c] = ids;
  }
  return { format: FORMAT, version: 1, course: storageKey(''), solved };
}

/**
 * Adds a progress file's solved exercises to this reader's (solved stays solved). Only chapters
 * and exercises this course has are taken; the rest are counted, never stored. Throws a message
 * that says what is wrong with the file.
 */
export function importProgress(
  data: unknown,
  exercises: Readonly<Record<string, readonly string[]>>,
): { added: number; ignored: number } {
  const file = data as Partial<ProgressFile> | null;
  if (!file || typeof file !== 'object' || file.format !== FORMAT)
    throw new Error('This is not a progress file: export one from this page first (it is a .json file starting with {"format":"neuron-to-gpt-progress"…).');
  if (file.version !== 1) throw new Error(`This progress file has version ${String(file.version)}; this site reads version 1.`);
  if (!file.solved || typeof file.solved !== 'object' || Array.isArray(file.solved))
    throw new Error('This progress file has no "solved" list of chapters.');
  let added = 0;
  let ignored = 0;
  for (const [chapter, ids] of Object.entries(file.solved)) {
    if (!Array.isArray(ids)) throw new Error(`In this progress file, "solved"."${chapter}" is not a list of exercise ids.`);
    const known = new Set(exercises[chapter] ?? []);
    const before = new Set(solvedIn(chapter));
    for (const id of ids) {
      if (typeof id !== 'string' || !known.has(id)) ignored++;
      else if (!before.has(id)) {
        before.add(id);
        added++;
      }
    }
    if (known.size) set(`${SOLVED_PREFIX}${chapter}`, JSON.stringify([...before]));
  }
  return { added, ignored };
}

/** Forgets which exercises are solved (and which solutions were loaded) in the given chapters. */
export function resetProgress(chapters: readonly string[]) {
  for (const c of chapters) {
    set(`${SOLVED_PREFIX}${c}`, null);
    set(`${USED_SOLUTION_PREFIX}${c}`, null);
  }
}
