// Pure logic of the GradientDescent widget: a model with two parameters (w, b), a small labelled
// dataset, its mean-squared-error surface, and (mini-batch) gradient descent steps on it. The
// surface is a real MSE over real points, so a mini-batch gives a real, noisy gradient.
import { normal, seededRandom } from '../../../lib/random';

export interface Point {
  x: number;
  y: number;
}

export interface Surface {
  id: 'line' | 'wave';
  title: string;
  /** The model's prediction and its partial derivatives in w and b. */
  f(x: number, w: number, b: number): number;
  dfdw(x: number, w: number, b: number): number;
  dfdb(x: number, w: number, b: number): number;
  data: Point[];
  wRange: [number, number];
  bRange: [number, number];
  start: [number, number];
}

function makeData(n: number, seed: number, truth: (x: number) => number, noise: number): Point[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const x = -2 + (4 * (i + 0.5)) / n;
    return { x: +x.toFixed(3), y: +(truth(x) + noise * normal(rand)).toFixed(3) };
  });
}

export const SURFACES: Record<Surface['id'], Surface> = {
  // A line y = w·x + b: the MSE is a bowl with one minimum.
  line: {
    id: 'line',
    title: 'Fit a line ŷ = w·x + b (one valley)',
    f: (x, w, b) => w * x + b,
    dfdw: (x) => x,
    dfdb: () => 1,
    data: makeData(16, 7, (x) => 0.8 * x + 0.5, 0.35),
    wRange: [-2, 4],
    bRange: [-3, 3],
    start: [-1.5, -2.2],
  },
  // A wave y = sin(w·x) + b: in w the MSE has several valleys, so the start decides where you end.
  wave: {
    id: 'wave',
    title: 'Fit a wave ŷ = sin(w·x) + b (several valleys)',
    f: (x, w, b) => Math.sin(w * x) + b,
    dfdw: (x, w) => x * Math.cos(w * x),
    dfdb: () => 1,
    data: makeData(16, 11, (x) => Math.sin(1.5 * x) + 0.3, 0.15),
    wRange: [-1, 6],
    bRange: [-2, 2.5],
    start: [4.2, -1.5],
  },
};

/** Mean squared error of the surface's model over `points` (all data when omitted). */
export function loss(s: Surface, w: number, b: number, points: Point[] = s.data): number {
  let sum = 0;
  for (const p of points) sum += (s.f(p.x, w, b) - p.y) ** 2;
  return sum / points.length;
}

/** ∂L/∂w and ∂L/∂b of the MSE over `points`: mean of 2·(ŷ − y)·∂ŷ/∂θ. */
export function gradient(s: Surface, w: number, b: number, points: Point[] = s.data): [number, number] {
  let gw = 0;
  let gb = 0;
  for (const p of points) {
    const r = 2 * (s.f(p.x, w, b) - p.y);
    gw += r * s.dfdw(p.x, w, b);
    gb += r * s.dfdb(p.x, w, b);
  }
  return [gw / points.length, gb / points.length];
}

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
export function step(s: Surface, st: DescentState, lr: number, batchSize: number, rand: () => number): DescentState {
  if (st.diverged) return st;
  let { order, cursor } = st;
  const n = s.data.length;
  const size = Math.max(1, Math.min(n, Math.round(batchSize)));
  let batch: Point[];
  if (size === n) {
    batch = s.data;
  } else {
    if (cursor + size > order.length) {
      order = shuffle(n, rand);
      cursor = 0;
    }
    batch = order.slice(cursor, cursor + size).map((i) => s.data[i]);
    cursor += size;
  }
  const [gw, gb] = gradient(s, st.w, st.b, batch);
  const w = st.w - lr * gw;
  const b = st.b - lr * gb;
  const l = loss(s, w, b);
  const diverged = !Number.isFinite(l) || l > DIVERGED_LOSS || isDiverging([...st.path, [w, b]].map(([pw, pb]) => loss(s, pw, pb)));
  return { w, b, steps: st.steps + 1, path: [...st.path, [w, b]], loss: l, diverged, order, cursor };
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

function shuffle(n: number, rand: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
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

/** The largest learning rate for which plain gradient descent on the line's bowl still converges: 2 / λmax of the Hessian. */
export function lineCriticalRate(data: Point[]): number {
  // L = mean((w x + b − y)²); Hessian = 2·[[mean x², mean x], [mean x, 1]].
  const n = data.length;
  const sxx = data.reduce((s, p) => s + p.x * p.x, 0) / n;
  const sx = data.reduce((s, p) => s + p.x, 0) / n;
  const tr = 2 * (sxx + 1);
  const det = 4 * (sxx - sx * sx);
  const lmax = tr / 2 + Math.sqrt((tr * tr) / 4 - det);
  return 2 / lmax;
}
