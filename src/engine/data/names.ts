// The names dataset as makemore uses it: lowercase names of letters a–z, each wrapped in `.`,
// which marks both the start and the end of a name, so the vocabulary has 27 symbols.
import { CharTokenizer } from '../tokenizers/char';
import { trainCount } from './split';
import { shuffle } from './shuffle';

export const NAME_BOUNDARY = '.';
/** `.` then a–z: id 0 is the boundary, a is 1, …, z is 26. */
export const NAMES_VOCAB: readonly string[] = [NAME_BOUNDARY, ...'abcdefghijklmnopqrstuvwxyz'];

export function namesTokenizer(): CharTokenizer {
  return new CharTokenizer(NAMES_VOCAB);
}

/** Trims and lowercases each line, keeps names made only of a–z, drops repeats (first one wins). */
export function prepareNames(lines: string | readonly string[]): string[] {
  const list = typeof lines === 'string' ? lines.split(/\r?\n/) : lines;
  const seen = new Set<string>();
  for (const raw of list) {
    const name = raw.trim().toLowerCase();
    if (/^[a-z]+$/.test(name)) seen.add(name);
  }
  return [...seen];
}

/** Holds out 10% of the names, picked by a shuffle seeded with `seed`. */
export function splitNames(names: readonly string[], seed: number, trainFraction = 0.9): { train: string[]; val: string[] } {
  const shuffled = shuffle(names, seed);
  const n = trainCount(shuffled.length, trainFraction);
  return { train: shuffled.slice(0, n), val: shuffled.slice(n) };
}

/** One training stream: `.emma.olivia.` (each name starts after a `.` and ends before the next). */
export function namesToText(names: readonly string[]): string {
  return NAME_BOUNDARY + names.map((n) => n + NAME_BOUNDARY).join('');
}
