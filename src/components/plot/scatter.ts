// Pointer and keyboard picking for scatter plots, in screen coordinates (after the scales).

export type Direction = 'left' | 'right' | 'up' | 'down';

/** Index of the point nearest (px, py) within maxDist, or null. */
export function nearestPoint(xs: ArrayLike<number>, ys: ArrayLike<number>, px: number, py: number, maxDist = Infinity): number | null {
  let best: number | null = null;
  let bestD = maxDist * maxDist;
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] - px) ** 2 + (ys[i] - py) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/**
 * The point an arrow key moves to from `from`: the nearest one lying in that direction, where
 * sideways distance counts double so the move stays close to the arrow's line. Stays put at an edge.
 */
export function stepInDirection(xs: ArrayLike<number>, ys: ArrayLike<number>, from: number, dir: Direction): number {
  const [ax, ay] = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] }[dir];
  let best = from;
  let bestScore = Infinity;
  for (let i = 0; i < xs.length; i++) {
    if (i === from) continue;
    const dx = xs[i] - xs[from];
    const dy = ys[i] - ys[from];
    const along = dx * ax + dy * ay;
    if (along <= 0) continue;
    const side = Math.abs(dx * ay - dy * ax);
    const score = along + 2 * side;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

export const arrowDirection: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
