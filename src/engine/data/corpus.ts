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

export function prepareCorpus(text: string, kind: CorpusKind, seed = 1337): Corpus<CharTokenizer> {
  if (text.trim().length === 0) throw new Error('The text is empty: there is nothing to train on');
  if (kind === 'names') {
    const names = prepareNames(text);
    if (names.length < 2) throw new Error(`Only ${names.length} usable name(s) (lines of letters a–z): need at least 2 to hold one out`);
    const { train, val } = splitNames(names, seed);
    const tokenizer = namesTokenizer();
    return { kind, tokenizer, train: Int32Array.from(tokenizer.encode(namesToText(train))), val: Int32Array.from(tokenizer.encode(namesToText(val))) };
  }
  const tokenizer = CharTokenizer.fromText(text);
  const { train, val } = splitText(text);
  return { kind, tokenizer, train: Int32Array.from(tokenizer.encode(train)), val: Int32Array.from(tokenizer.encode(val)) };
}
