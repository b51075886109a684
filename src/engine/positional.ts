// The fixed sinusoidal position encoding of Vaswani et al. (2017), "Attention Is All You Need":
//   PE(pos, 2i)     = sin(pos / 10000^(2i / C))
//   PE(pos, 2i + 1) = cos(pos / 10000^(2i / C))
// Each pair of dimensions is a clock hand turning at its own speed, from one turn every 2π
// positions (i = 0) down to one every 10000·2π; together they give every position a distinct
// pattern. Chapter 6's widget and its cells use this one definition.

/** The (T × C) table: row pos is the encoding of position pos. */
export function sinusoidalPositions(T: number, C: number): number[][] {
  if (!Number.isInteger(T) || T < 1) throw new Error(`sinusoidalPositions: T must be a positive integer, got ${T}`);
  if (!Number.isInteger(C) || C < 1) throw new Error(`sinusoidalPositions: C must be a positive integer, got ${C}`);
  return Array.from({ length: T }, (_, pos) =>
    Array.from({ length: C }, (_, d) => {
      const angle = pos / Math.pow(10000, (2 * Math.floor(d / 2)) / C);
      return d % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }),
  );
}
