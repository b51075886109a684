// Test helpers: gradients checked against central finite differences.
//
// The op under test is reduced to a scalar with fixed random weights R (loss = Σ f(x)·R), so one
// check covers the whole Jacobian, not just the gradient of a sum. The numeric side sums f(x)·R in
// float64. When a float64 reference of the op is given, the derivatives come from it (eps 1e-6,
// exact to ~1e-8) and the engine's forward is checked against it too; otherwise the engine itself
// is perturbed in float32 with a larger eps, dividing by the difference of the float32-rounded
// inputs actually used.
import { fromFloat32, noGrad, type Tensor } from '../tensor';
import { Generator } from '../random';

export interface Input {
  shape: number[];
  /** Values; random normals from the check's seed when omitted. */
  values?: Float32Array | number[];
}

export interface GradcheckOptions {
  /** float64 reference of f on flat row-major inputs (output flat, row-major). */
  reference?: (inputs: Float64Array[]) => Float64Array;
  eps?: number;
  rtol?: number;
  atol?: number;
  seed?: number;
  /** Inputs (by position) that get no gradient check, e.g. integer ids. */
  skip?: number[];
}

export interface GradcheckResult {
  /** Largest |analytic - numeric| / (atol + rtol·max(|analytic|, |numeric|)); ≤ 1 passes. */
  worst: number;
  analytic: Float64Array[];
  numeric: Float64Array[];
  forward: Float32Array;
}

function randomValues(n: number, g: Generator): Float32Array {
  return Float32Array.from({ length: n }, () => g.normal());
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function dot(values: ArrayLike<number>, weights: Float64Array): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += values[i] * weights[i];
  return s;
}

/** Runs the check and returns the numbers; `expectGradOk` asserts on them. */
export async function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: Input[], options: GradcheckOptions = {}): Promise<GradcheckResult> {
  const g = new Generator(options.seed ?? 7);
  const base = inputs.map((inp) => Float32Array.from(inp.values ?? randomValues(sizeOf(inp.shape), g)));
  const leaves = base.map((v, i) => fromFloat32(v, inputs[i].shape, { requiresGrad: !options.skip?.includes(i) }));
  const out = f(...leaves);
  const forward = await out.data();
  const weights = Float64Array.from({ length: forward.length }, () => g.normal());
  const r = fromFloat32(Float32Array.from(weights), out.shape);
  const loss = out.mul(r).sum();
  loss.backward();
  const analytic = await Promise.all(leaves.map(async (t) => Float64Array.from(t.grad ? await t.grad.data() : new Float32Array(t.size))));
  for (const t of [...leaves, out, r, loss]) { t.grad?.dispose(); t.dispose(); }

  const ref = options.reference;
  if (ref) {
    const expected = ref(base.map((v) => Float64Array.from(v)));
    for (let i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - forward[i]) > 1e-4 + 1e-4 * Math.abs(expected[i])) {
        throw new Error(`gradcheck: forward value ${i} is ${forward[i]}, the float64 reference says ${expected[i]}`);
      }
    }
  }
  const eps = options.eps ?? (ref ? 1e-6 : 1e-2);
  const rtol = options.rtol ?? (ref ? 1e-3 : 2e-2);
  const atol = options.atol ?? (ref ? 1e-5 : 2e-3);

  const evaluate = async (values: Float32Array[] | Float64Array[]): Promise<number> => {
    if (ref) return dot(ref(values as Float64Array[]), weights);
    const ts = (values as Float32Array[]).map((v, i) => fromFloat32(v, inputs[i].shape));
    const y = noGrad(() => f(...ts));
    const s = dot(await y.data(), weights);
    for (const t of [...ts, y]) t.dispose();
    return s;
  };

  const numeric: Float64Array[] = [];
  let worst = 0;
  for (let i = 0; i < base.length; i++) {
    const num = new Float64Array(base[i].length);
    numeric.push(num);
    if (options.skip?.includes(i)) continue;
    for (let j = 0; j < base[i].length; j++) {
      const copies = base.map((v) => (ref ? Float64Array.from(v) : Float32Array.from(v)));
      copies[i][j] = base[i][j] + eps;
      const hi = copies[i][j];
      const plus = await evaluate(copies as Float32Array[]);
      copies[i][j] = base[i][j] - eps;
      const lo = copies[i][j];
      const minus = await evaluate(copies as Float32Array[]);
      num[j] = (plus - minus) / (hi - lo);
      const a = analytic[i][j];
      worst = Math.max(worst, Math.abs(a - num[j]) / (atol + rtol * Math.max(Math.abs(a), Math.abs(num[j]))));
    }
  }
  return { worst, analytic, numeric, forward };
}

/** Values of `shape` spread over [lo, hi], shuffled: well away from kinks and ties. */
export function spread(shape: number[], lo = -2, hi = 2, seed = 3): Float32Array {
  const n = sizeOf(shape);
  const g = new Generator(seed);
  const v = Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / n);
  for (let i = n - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [v[i], v[j]] = [v[j], v[i]];
  }
  return v;
}

/** Largest elementwise |a - b|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Flattens nested number arrays (fixture JSON) into one list. */
export const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
