// The backend badge's logic: the choice is made once per tab (and per ?backend= override) in a
// worker, then remembered in sessionStorage so every page of the book shows the same answer
// without probing again.
import { backendOverride, type BackendName } from '../../../engine/light';
import { storageKey } from '../../../lib/storage';

export interface BadgeChoice {
  backend: BackendName;
  reason: string;
}

const KEY = storageKey('backend-choice');

/** One cache entry per override, so `?backend=webgpu` never shows an automatic choice. */
export function cacheKey(search: string): string {
  return `${KEY}:${backendOverride(search) ?? 'auto'}`;
}

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

export function readCachedChoice(store: KeyValue | undefined, search: string): BadgeChoice | null {
  try {
    const raw = store?.getItem(cacheKey(search));
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<BadgeChoice>;
    if ((v.backend === 'cpu' || v.backend === 'webgpu') && typeof v.reason === 'string') return { backend: v.backend, reason: v.reason };
  } catch {
    // Unreadable or blocked storage: probe again.
  }
  return null;
}

export function writeCachedChoice(store: KeyValue | undefined, search: string, choice: BadgeChoice): void {
  try {
    store?.setItem(cacheKey(search), JSON.stringify(choice));
  } catch {
    // Storage full or blocked: the badge still shows the choice; the next page probes again.
  }
}

export function backendLabel(backend: BackendName): string {
  return backend === 'webgpu' ? 'WebGPU' : 'CPU';
}

/** What the badge says when the probe itself fails (e.g. workers are blocked). */
export function failedChoice(error: unknown): BadgeChoice {
  const why = error instanceof Error ? error.message : String(error);
  return { backend: 'cpu', reason: `CPU: the backend check failed (${why}), so the CPU path runs.` };
}
