// From raw text to token ids ready for training, the one recipe the CLI, the benchmarks and the
// in-page trainer share. Prose: a character vocabulary of the whole text, the last 10% of
// characters for validation. Names: the 27-symbol vocabulary, 10% of names held out by a seeded
// shuffle, each split joined into one `.name.name.` stream.
import { CharTokenizer } from '../tokenizers/char';
import type { BpeTokenizer } from '../tokenizers/bpe';
import { splitText } from './split';
import { namesToText, namesTokenizer, prepareNames, splitNames } from './names';

/** Built-in datasets, as paths under the site root (written by `npm run prepare-data`). */
export const BUILTIN_DATASETS = {
  moby: 'data/moby-dick.txt',
  names: 'data/names.txt',
} as const;
export type BuiltinDataset = keyof typeof BUILTIN_DATASETS;

export type CorpusKind = 'prose' | 'names';

export interface Corpus<T extends CharTokenizer | BpeTokenizer = CharTokenizer | BpeTokenizer> {
  kind: CorpusKind;
  tokenizer: T;
  train: Int32Array;
  val: Int32Array;
}

/** The text of each split: names held out by a seeded shuffle, or the last 10% of prose. */
export function splitCorpusText(text: string, kind: CorpusKind, seed = 1337): { train: string; val: string } {
  if (text.trim().length === 0) throw new Error('The text is empty: there is nothing to train on');
  if (kind === 'prose') return splitText(text);
  const names = prepareNames(text);
  if (names.length < 2) throw new Error(`Only ${names.length} usable name(s) (lines of letters a–z): need at least 2 to hold one out`);
  const { train, val } = splitNames(names, seed);
  return { train: namesToText(train), val: namesToText(val) };
}

/**
 * The split and its ids. Without `tokenizer` the vocabulary is built here (characters of the whole
 * text; the 27 name symbols); with one (a checkpoint's, character or BPE) the same split is encoded
 * by it, so a run resumes on exactly the ids it was trained on.
 */
export function prepareCorpus(text: string, kind: CorpusKind, seed?: number): Corpus<CharTokenizer>;
export function prepareCorpus(text: string, kind: CorpusKind, seed: number, tokenizer: CharTokenizer | BpeTokenizer | undefined): Corpus;
export function prepareCorpus(text: string, kind: CorpusKind, seed = 1337, tokenizer?: CharTokenizer | BpeTokenizer): Corpus {
  const split = splitCorpusText(text, kind, seed);
  const tok = tokenizer ?? (kind === 'names' ? namesTokenizer() : CharTokenizer.fromText(text));
  try {
    return { kind, tokenizer: tok, train: Int32Array.from(tok.encode(split.train)), val: Int32Array.from(tok.encode(split.val)) };
  } catch (e) {
    throw new Error(`This checkpoint's tokenizer cannot read the current text (${(e as Error).message}); choose the text it was trained on`);
  }
}
