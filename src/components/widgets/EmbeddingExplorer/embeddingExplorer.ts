// The explorer's logic: find a token by its text, rank every token by cosine similarity to a
// vector, and do a − b + c arithmetic on embedding rows. Pure functions over a (V × C) table.
import type { TokenView } from '../../../models/protocol';

export interface EmbeddingTable {
  /** (V, C) row-major. */
  wte: Float32Array;
  vocab: TokenView[];
  nEmbd: number;
}

export interface Neighbour {
  id: number;
  text: string;
  cosine: number;
}

export type Lookup = { ok: true; id: number; text: string; note?: string } | { ok: false; message: string };

/** Longest text the search box takes; no token of a 1,024-token vocabulary is anywhere near it. */
export const MAX_QUERY = 64;

/** How a token shows on the page: quoted, so a leading space is visible (" the" vs "the"). */
export const showToken = (text: string): string => JSON.stringify(text);

/** A query in double quotes ("he", " the") is that exact token text, spaces and all. */
function quoted(query: string): string | null {
  if (query.length < 2 || !query.startsWith('"') || !query.endsWith('"')) return null;
  try {
    const text: unknown = JSON.parse(query);
    return typeof text === 'string' ? text : null;
  } catch {
    return null;
  }
}

/**
 * The token a reader means by `query`. Word tokens of a byte-level BPE start with the space before
 * the word (" whale"), and the same letters without it are usually another token (a word piece),
 * so a bare word finds the spaced token first and says so; quotes ask for an exact text.
 */
export function findToken(table: EmbeddingTable, query: string): Lookup {
  if (query.trim().length === 0) return { ok: false, message: 'Type a token to look up, for example whale or " the" (in quotes for an exact token, spaces included).' };
  if (query.length > MAX_QUERY) return { ok: false, message: `That is ${query.length.toLocaleString('en')} characters; a token is a few characters long (at most ${MAX_QUERY} here).` };
  const byText = new Map<string, number>();
  for (const t of table.vocab) if (!byText.has(t.text)) byText.set(t.text, t.id);
  const exactText = quoted(query);
  if (exactText !== null) {
    const id = byText.get(exactText);
    return id !== undefined
      ? { ok: true, id, text: exactText }
      : { ok: false, message: `${showToken(exactText)} is not a token of this model's ${table.vocab.length.toLocaleString('en')}-token vocabulary.` };
  }
  const word = query.trim();
  const spaced = byText.get(' ' + word);
  const bare = byText.get(word);
  if (spaced !== undefined) {
    const other = bare !== undefined ? ` ${showToken(word)} without the space is another token; type it in quotes to see it.` : '';
    return { ok: true, id: spaced, text: ' ' + word, note: `Showing ${showToken(' ' + word)}, the word with the space before it.${other}` };
  }
  if (bare !== undefined) return { ok: true, id: bare, text: word };
  return { ok: false, message: `${showToken(word)} is not a token of this model's ${table.vocab.length.toLocaleString('en')}-token vocabulary: its tokenizer splits it into smaller pieces. Try a common word or part of one.` };
}

/** Row `id` of the table. */
export function row(table: EmbeddingTable, id: number): Float32Array {
  const C = table.nEmbd;
  return table.wte.subarray(id * C, (id + 1) * C);
}

/** Length of every row, computed once per table so a ranking is one pass of dot products. */
export function rowNorms(table: EmbeddingTable): Float64Array {
  const C = table.nEmbd;
  const V = table.vocab.length;
  const out = new Float64Array(V);
  for (let v = 0; v < V; v++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += table.wte[v * C + c] ** 2;
    out[v] = Math.sqrt(s);
  }
  return out;
}

/** The k tokens most similar in direction to `vector` (highest cosine first), skipping `exclude`. */
export function nearest(table: EmbeddingTable, vector: ArrayLike<number>, k: number, exclude: Iterable<number> = [], norms = rowNorms(table)): Neighbour[] {
  const C = table.nEmbd;
  const skip = new Set(exclude);
  let vn = 0;
  for (let c = 0; c < C; c++) vn += vector[c] * vector[c];
  vn = Math.sqrt(vn);
  const scored: Neighbour[] = [];
  for (let v = 0; v < table.vocab.length; v++) {
    if (skip.has(v)) continue;
    let dot = 0;
    for (let c = 0; c < C; c++) dot += table.wte[v * C + c] * vector[c];
    const denom = norms[v] * vn;
    scored.push({ id: v, text: table.vocab[v].text, cosine: denom === 0 ? 0 : dot / denom });
  }
  return scored.sort((p, q) => q.cosine - p.cosine).slice(0, k);
}

/** A token's neighbours, not counting itself (its cosine with itself is always 1). */
export const neighbours = (table: EmbeddingTable, id: number, k: number, norms?: Float64Array): Neighbour[] =>
  nearest(table, row(table, id), k, [id], norms);

export interface Arithmetic {
  /** The vector E[a] − E[b] + E[c]. */
  vector: Float32Array;
  /** Nearest tokens to it other than a, b and c (as word2vec's analogy test does). */
  results: Neighbour[];
  /** Where c itself would rank if it were not excluded, with its cosine: often first in a small model. */
  c: Neighbour & { rank: number };
}

/** E[a] − E[b] + E[c] and the tokens nearest to it. */
export function arithmetic(table: EmbeddingTable, a: number, b: number, c: number, k = 5, norms = rowNorms(table)): Arithmetic {
  const C = table.nEmbd;
  const vector = new Float32Array(C);
  const ra = row(table, a);
  const rb = row(table, b);
  const rc = row(table, c);
  for (let i = 0; i < C; i++) vector[i] = ra[i] - rb[i] + rc[i];
  const all = nearest(table, vector, table.vocab.length, [], norms);
  const rank = all.findIndex((n) => n.id === c);
  const skip = new Set([a, b, c]);
  return { vector, results: all.filter((n) => !skip.has(n.id)).slice(0, k), c: { ...all[rank], rank: rank + 1 } };
}

/** JSON for data-neighbours: [[token, cosine], …] with cosines rounded to 4 places. */
export const neighboursJSON = (list: Neighbour[]): string => JSON.stringify(list.map((n) => [n.text, Math.round(n.cosine * 1e4) / 1e4]));
