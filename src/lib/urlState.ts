// Widget state in the page URL (like TensorFlow Playground): each widget owns keys with its own
// prefix (e.g. "gd.lr"), reads them once on mount and writes them back with replaceState, so a
// copied link reopens the widget as the reader left it without adding history entries.

export function readParam(key: string): string | null {
  if (typeof location === 'undefined') return null;
  return new URLSearchParams(location.search).get(key);
}

/** A number from the URL, or `fallback` when missing, not a number, or outside [min, max]. */
export function readNumber(key: string, fallback: number, min = -Infinity, max = Infinity): number {
  const raw = readParam(key);
  if (raw === null || raw.trim() === '') return fallback;
  const v = Number(raw);
  return Number.isFinite(v) && v >= min && v <= max ? v : fallback;
}

/** One of `options` from the URL, or `fallback`. */
export function readChoice<T extends string>(key: string, options: readonly T[], fallback: T): T {
  const raw = readParam(key);
  return raw !== null && (options as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

export function writeParams(values: Record<string, string | number | null>): void {
  if (typeof location === 'undefined') return;
  const u = new URL(location.href);
  for (const [k, v] of Object.entries(values)) {
    if (v === null) u.searchParams.delete(k);
    else u.searchParams.set(k, String(v));
  }
  if (u.href !== location.href) history.replaceState(history.state, '', u);
}
