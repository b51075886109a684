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

/**
 * Median ms of each runner, timed side by side: `rounds` rounds of `reps` calls each, the runners'
 * order reversed every other round, after `warmup` untimed calls of each. On a shared machine
 * the load then falls on every runner alike, so their ratio holds better than the milliseconds.
 */
export async function timeSideBySide(runs: (() => Promise<void> | void)[], reps: number, rounds: number, warmup = 2): Promise<number[]> {
  for (const run of runs) for (let i = 0; i < warmup; i++) await run();
  const ts = runs.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    const order = runs.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      for (let j = 0; j < reps; j++) {
        const t0 = performance.now();
        await runs[i]();
        ts[i].push(performance.now() - t0);
      }
    }
  }
  return ts.map(median);
}
