// Pure logic of the GradientDescent widget: (mini-batch) gradient descent steps on a loss surface
// of src/lib/lossSurface.ts. The surface is a real MSE over real points, so a mini-batch gives a
// real, noisy gradient.
import { shuffle, type Generator } from '../../../engine/light';
import { gradient, loss, type Point, type Surface } from '../../../lib/lossSurface';

export interface DescentState {
  w: number;
  b: number;
  steps: number;
  path: [number, number][];
  loss: number;
  diverged: boolean;
  /** Mini-batch order: a shuffled permutation of the data consumed batch by batch (one epoch). */
  order: number[];
  cursor: number;
}

export function start(s: Surface, w: number, b: number): DescentState {
  return { w, b, steps: 0, path: [[w, b]], loss: loss(s, w, b), diverged: false, order: [], cursor: 0 };
}

// Far outside anything the view shows, and long before float32 or float64 give up.
const DIVERGED_LOSS = 1e6;

/**
 * One step θ ← θ − lr·∇L(θ) on a mini-batch of `batchSize` points (the whole set when batchSize is
 * the dataset size, which is plain gradient descent). Mini-batches walk through a seeded shuffle,
 * reshuffling each epoch, like a data loader.
 */
export function step(s: Surface, st: DescentState, lr: number, batchSize: number, gen: Generator, clipNorm: number | null = null): DescentState {
  if (st.diverged) return st;
  let { order, cursor } = st;
  const n = s.data.length;
  const size = Math.max(1, Math.min(n, Math.round(batchSize)));
  let batch: Point[];
  if (size === n) {
    batch = s.data;
  } else {
    if (cursor + size > order.length) {
      order = shuffle(Array.from({ length: n }, (_, i) => i), gen);
      cursor = 0;
    }
    batch = order.slice(cursor, cursor + size).map((i) => s.data[i]);
    cursor += size;
  }
  const [gw, gb] = clipGradient(gradient(s, st.w, st.b, batch), clipNorm);
  const w = st.w - lr * gw;
  const b = st.b - lr * gb;
  const l = loss(s, w, b);
  const diverged = !Number.isFinite(l) || l > DIVERGED_LOSS || isDiverging([...st.path, [w, b]].map(([pw, pb]) => loss(s, pw, pb)));
  return { w, b, steps: st.steps + 1, path: [...st.path, [w, b]], loss: l, diverged, order, cursor };
}

/**
 * Gradient clipping by norm, as transformer training does it: a gradient longer than `maxNorm` is
 * scaled down to that length, keeping its direction; a shorter one (or `maxNorm` null) is unchanged.
 */
export function clipGradient(g: [number, number], maxNorm: number | null): [number, number] {
  const norm = Math.hypot(g[0], g[1]);
  if (maxNorm === null || !(norm > maxNorm)) return g;
  return [(g[0] * maxNorm) / norm, (g[1] * maxNorm) / norm];
}

/** The norm the clipping toggle uses: GPT-3 and nanoGPT clip at 1.0. */
export const CLIP_NORM = 1;

/** The learning-rate slider works on log10(rate); a position shows and uses the rate to two significant digits. */
export const LR_SLIDER = { min: -3, max: 0.4, step: 0.05 } as const;
export const rateAt = (logLr: number): number => +Math.pow(10, logLr).toPrecision(2);
/** Every rate the slider can reach, smallest first. */
export function sliderRates(): number[] {
  const n = Math.round((LR_SLIDER.max - LR_SLIDER.min) / LR_SLIDER.step);
  return [...new Set(Array.from({ length: n + 1 }, (_, i) => rateAt(LR_SLIDER.min + i * LR_SLIDER.step)))];
}
/** A Run stops by itself when the full gradient is this short (nothing visible moves any more)... */
export const CONVERGED_GRADIENT = 1e-4;
/** ...or after this many steps in one Run (mini-batch paths never settle completely). */
export const RUN_STEP_LIMIT = 1000;

/** Why a Run should stop now, or null to go on; `stepsThisRun` counts from the last press of Run. */
export function runStopReason(st: DescentState, gradNorm: number, stepsThisRun: number): 'diverged' | 'converged' | 'limit' | null {
  if (st.diverged) return 'diverged';
  if (gradNorm < CONVERGED_GRADIENT) return 'converged';
  if (stepsThisRun >= RUN_STEP_LIMIT) return 'limit';
  return null;
}

/**
 * A run is diverging when the full-data loss has grown for 5 steps in a row to more than 10× where
 * it started: noise from mini-batches makes single increases normal, steady growth is not.
 */
export function isDiverging(losses: number[]): boolean {
  if (losses.some((l) => !Number.isFinite(l))) return true;
  const k = 5;
  if (losses.length <= k) return false;
  const tail = losses.slice(-k - 1);
  for (let i = 1; i < tail.length; i++) if (!(tail[i] > tail[i - 1])) return false;
  return tail[tail.length - 1] > 10 * losses[0];
}

/** The loss on an nx × ny grid over the surface's ranges, row-major from (wMin, bMin), for d3-contour. */
export function lossGrid(s: Surface, nx: number, ny: number): number[] {
  const out: number[] = new Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const b = s.bRange[0] + ((s.bRange[1] - s.bRange[0]) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      const w = s.wRange[0] + ((s.wRange[1] - s.wRange[0]) * i) / (nx - 1);
      out[j * nx + i] = loss(s, w, b);
    }
  }
  return out;
}

/** Contour levels spaced evenly in log(loss), so both the valley floor and the walls show lines. */
export function contourLevels(grid: number[], count: number): number[] {
  const lo = Math.max(1e-3, Math.min(...grid));
  const hi = Math.max(...grid);
  return Array.from({ length: count }, (_, i) => lo * Math.pow(hi / lo, (i + 0.5) / count));
}
