// What stays in localStorage: a reader's edits per cell, and which exercises they have solved.
// Storage may be unavailable (private mode, blocked cookies); then nothing is remembered.

import { storageKey } from '../../lib/storage';

const EDIT_PREFIX = storageKey('cell:');
const SOLVED_PREFIX = storageKey('solved:');
const EXERCISES_PREFIX = storageKey('exercises:');

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

/** Marks an exercise solved for a chapter; solved stays solved, even if a later try fails. */
export function recordSolved(chapter: string, exercise: string) {
  const key = `${SOLVED_PREFIX}${chapter}`;
  const solved = new Set<string>(JSON.parse(get(key) ?? '[]') as string[]);
  solved.add(exercise);
  set(key, JSON.stringify([...solved]));
}

/** Remembers which exercises a chapter has, so its sidebar entry can say "1/3" on other pages too. */
export function recordExercises(chapter: string, ids: string[]) {
  set(`${EXERCISES_PREFIX}${chapter}`, JSON.stringify(ids));
}

export function chapterProgress(chapter: string): { solved: number; total: number } | null {
  const ids = JSON.parse(get(`${EXERCISES_PREFIX}${chapter}`) ?? 'null') as string[] | null;
  if (!ids || ids.length === 0) return null;
  const solved = new Set<string>(JSON.parse(get(`${SOLVED_PREFIX}${chapter}`) ?? '[]') as string[]);
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
