// Byte-pair encoding by ranks, as tiktoken does it for GPT-2, GPT-4 and GPT-4o. A rank file lists
// every token's bytes (base64) with its rank; the rank is the token id and also the merge priority:
// inside a chunk, the adjacent pair of pieces whose concatenation has the lowest rank merges first,
// until no concatenation is a token. Byte strings are held as "binary" strings (one char per byte,
// what atob returns) so that they key a Map cheaply.

export class RankTable {
  /** binary string → rank */
  private readonly rankOf: Map<string, number>;
  /** rank → binary string (holes where a rank is unused) */
  private readonly bytesOf: string[];

  private constructor(rankOf: Map<string, number>, bytesOf: string[]) {
    this.rankOf = rankOf;
    this.bytesOf = bytesOf;
  }

  /** Parses tiktoken's format: one `base64-bytes rank` per line. */
  static parse(text: string): RankTable {
    const rankOf = new Map<string, number>();
    const bytesOf: string[] = [];
    let lineNo = 0;
    for (const line of text.split('\n')) {
      lineNo++;
      if (!line) continue;
      const space = line.indexOf(' ');
      const rank = Number(line.slice(space + 1));
      if (space <= 0 || !Number.isInteger(rank) || rank < 0) {
        throw new Error(`BpeTokenizer.fromTiktoken: line ${lineNo} is not "base64-token rank": ${JSON.stringify(line.slice(0, 40))}`);
      }
      let bin: string;
      try {
        bin = atob(line.slice(0, space));
      } catch {
        throw new Error(`BpeTokenizer.fromTiktoken: line ${lineNo} has invalid base64: ${JSON.stringify(line.slice(0, space))}`);
      }
      rankOf.set(bin, rank);
      bytesOf[rank] = bin;
    }
    for (let b = 0; b < 256; b++) {
      if (!rankOf.has(String.fromCharCode(b))) throw new Error(`BpeTokenizer.fromTiktoken: the rank file has no token for byte ${b}, so some text could not be encoded`);
    }
    return new RankTable(rankOf, bytesOf);
  }

  /** How many tokens the file lists. */
  get count(): number {
    return this.rankOf.size;
  }

  /** One past the highest rank. */
  get end(): number {
    return this.bytesOf.length;
  }

  has(id: number): boolean {
    return this.bytesOf[id] !== undefined;
  }

  bytes(id: number): Uint8Array {
    const bin = this.bytesOf[id];
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /** The token ids of one chunk, given as a binary string of its UTF-8 bytes. */
  encode(bin: string): number[] {
    const whole = this.rankOf.get(bin);
    if (whole !== undefined) return [whole];
    return mergeByRank(bin, this.rankOf);
  }
}

/**
 * tiktoken's merge loop with a min-heap, so a chunk of n bytes costs O(n log n) rather than
 * O(n²) (a 10,000-letter "word" stays fast). Pieces form a linked list by start offset; the heap
 * holds (rank of piece+next piece, start), lowest rank first and leftmost among equals, which is
 * exactly the pair tiktoken's linear scan would pick.
 */
function mergeByRank(bin: string, rankOf: Map<string, number>): number[] {
  const n = bin.length;
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const pairRank = new Float64Array(n); // rank of the piece at i joined with its successor
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const heap = new MinHeap();
  const START = 2 ** 32; // key = rank * START + start: both fit a double exactly
  const rankAt = (i: number): number => {
    const j = next[i];
    if (j >= n) return Infinity;
    return rankOf.get(bin.slice(i, next[j] >= n ? n : next[j])) ?? Infinity;
  };
  for (let i = 0; i + 1 < n; i++) {
    pairRank[i] = rankOf.get(bin.slice(i, i + 2)) ?? Infinity;
    if (pairRank[i] !== Infinity) heap.push(pairRank[i] * START + i);
  }
  pairRank[n - 1] = Infinity;
  const alive = new Uint8Array(n).fill(1);

  while (heap.size) {
    const key = heap.pop();
    const rank = Math.floor(key / START);
    const i = key - rank * START;
    if (!alive[i] || pairRank[i] !== rank) continue; // stale entry
    // Join piece i with its successor j.
    const j = next[i];
    alive[j] = 0;
    next[i] = next[j];
    if (next[j] < n) prev[next[j]] = i;
    pairRank[i] = rankAt(i);
    if (pairRank[i] !== Infinity) heap.push(pairRank[i] * START + i);
    const p = prev[i];
    if (p >= 0) {
      pairRank[p] = rankAt(p);
      if (pairRank[p] !== Infinity) heap.push(pairRank[p] * START + p);
    }
  }

  const out: number[] = [];
  for (let i = 0; i < n; i = next[i]) out.push(rankOf.get(bin.slice(i, next[i]))!);
  return out;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private a: number[] = [];

  get size(): number {
    return this.a.length;
  }

  push(v: number): void {
    const a = this.a;
    let i = a.length;
    a.push(v);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= v) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = v;
  }

  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r] < a[l] ? r : l;
        if (a[c] >= last) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
