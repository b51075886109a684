// The reader's trained BPE, shared between widgets on one page: the BPE trainer publishes its merges
// after each change and the tokenizer comparison listens, without either importing the other. The
// value is the tokenizer's JSON (BpeTokenizer.toJSON()), so it can cross to a worker as it is.

export interface SharedBpe {
  pattern: string;
  merges: [number, number][];
  /** Where it was trained, for labels ("your text, 812 merges"). */
  source: string;
}

const EVENT = 'ntg:bpe';
let latest: SharedBpe | null = null;

export function publishBpe(bpe: SharedBpe): void {
  latest = bpe;
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent<SharedBpe>(EVENT, { detail: bpe }));
}

export function latestBpe(): SharedBpe | null {
  return latest;
}

/** Calls `fn` with every published BPE; returns the unsubscribe function. */
export function onBpe(fn: (bpe: SharedBpe) => void): () => void {
  const handler = (e: Event) => fn((e as CustomEvent<SharedBpe>).detail);
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
