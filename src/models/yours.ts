// "Your model": the checkpoint the reader trained in the studio (or imported), kept in IndexedDB so
// it survives reloads and every chapter's model picker can offer it. Works on the page and in
// workers. Pages hear of a new one through a BroadcastChannel.
import { createStore, del, get, set } from 'idb-keyval';

const store = () => createStore('ntg.models', 'checkpoints');
const KEY = 'yours';
const CHANNEL = 'ntg.yours';

export interface YourModelMeta {
  /** Training steps the checkpoint has seen. */
  step: number;
  savedAt: number;
  /** Where it came from, in the reader's words: "Moby Dick, 4 layers", "imported moby.safetensors". */
  label: string;
  bytes: number;
}

interface Stored {
  meta: YourModelMeta;
  checkpoint: Uint8Array;
}

export async function saveYourModel(checkpoint: Uint8Array, meta: Omit<YourModelMeta, 'savedAt' | 'bytes'>): Promise<YourModelMeta> {
  const full: YourModelMeta = { ...meta, savedAt: Date.now(), bytes: checkpoint.length };
  await set(KEY, { meta: full, checkpoint } satisfies Stored, store());
  announce(full);
  return full;
}

export async function loadYourModel(): Promise<Uint8Array | null> {
  const s = await get<Stored>(KEY, store());
  return s?.checkpoint ?? null;
}

export async function yourModelMeta(): Promise<YourModelMeta | null> {
  const s = await get<Stored>(KEY, store());
  return s?.meta ?? null;
}

export async function hasYourModel(): Promise<boolean> {
  return (await yourModelMeta()) !== null;
}

export async function deleteYourModel(): Promise<void> {
  await del(KEY, store());
  announce(null);
}

function announce(meta: YourModelMeta | null): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(CHANNEL);
  ch.postMessage(meta);
  ch.close();
}

/** Calls back whenever another tab, worker or widget saves or deletes "Your model". Returns an unsubscribe. */
export function onYourModelChange(callback: (meta: YourModelMeta | null) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const ch = new BroadcastChannel(CHANNEL);
  ch.onmessage = (e: MessageEvent<YourModelMeta | null>) => callback(e.data);
  return () => ch.close();
}
