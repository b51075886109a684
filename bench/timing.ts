// The one way every benchmark here times things: untimed warm-up runs, then the median wall time.

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms of `run` over `reps` runs after `warmup` untimed ones; `run` resolves when its result is read. */
export async function time(run: () => Promise<void> | void, reps: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}
