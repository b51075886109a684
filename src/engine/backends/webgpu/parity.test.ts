// Every backend method on WebGPU (Dawn over SwiftShader in Node) against the CPU backend, with
// odd sizes around the 64-wide matmul tiles and the 256-thread workgroups. The elementwise and
// reduction cases are Records keyed by the op lists (src/kernels/ops.ts): a new op needs its case.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Backend, BinaryOp, ReduceOp, Shape, Storage, UnaryOp } from '../../backend';
import { Generator } from '../../random';
import { CpuBackend } from '../cpu';
import { nodeWebGpuBackend } from './nodeGpu';
import type { WebGpuBackend } from './webgpuBackend';

let gpu: WebGpuBackend;
const cpu: Backend = new CpuBackend();

beforeAll(async () => {
  gpu = await nodeWebGpuBackend();
});
afterAll(() => gpu?.destroy());

/** Seeded uniform values in [lo, hi), so failures reproduce. */
function rand(n: number, seed: number, lo = -2, hi = 2): Float32Array {
  const gen = new Generator(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * gen.random());
}
const size = (s: Shape) => s.reduce((a, b) => a * b, 1);

interface Tol {
  atol: number;
  rtol: number;
}
const EXACT: Tol = { atol: 0, rtol: 0 };
const ELEMENTWISE: Tol = { atol: 1e-6, rtol: 2e-6 };
const TRANSCENDENTAL: Tol = { atol: 1e-5, rtol: 1e-5 };

function expectClose(got: Float32Array, want: Float32Array, tol: Tol, what: string) {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (g === w) continue;
    const err = Math.abs(g - w);
    if (!(err <= tol.atol + tol.rtol * Math.abs(w))) {
      throw new Error(`${what}: element ${i} is ${g} on WebGPU but ${w} on the CPU (|diff| ${err})`);
    }
  }
}

type Outputs = Storage | Storage[] | Record<string, Storage> | void;
const isStorage = (x: object): x is Storage => typeof (x as Storage).length === 'number';

/** Runs `op` on both backends with the same inputs; compares every output (and, with `inPlace`, the inputs after). */
async function same(what: string, inputs: Float32Array[], op: (b: Backend, s: Storage[]) => Outputs, tol: Tol, inPlace = false) {
  const results: Float32Array[][] = [];
  for (const b of [gpu as Backend, cpu]) {
    const s = inputs.map((x) => b.fromArray(x));
    const out = op(b, s);
    const list = out === undefined ? [] : Array.isArray(out) ? out : isStorage(out) ? [out] : Object.values(out);
    const read = await Promise.all([...list, ...(inPlace ? s : [])].map((x) => b.read(x)));
    results.push(read);
    for (const x of [...list, ...s]) b.dispose(x);
  }
  const [g, c] = results;
  expect(g.length).toBe(c.length);
  g.forEach((x, i) => expectClose(x, c[i], tol, `${what} [output ${i}]`));
}

describe('storage', () => {
  test.each([0, 1, 7, 513, 70_000])('fromArray → read round-trips %i floats exactly', async (n) => {
    const x = rand(n, n + 1);
    const s = gpu.fromArray(x);
    expect(Array.from(await gpu.read(s))).toEqual(Array.from(x));
    gpu.dispose(s);
  });
  test.each([1, 65, 513])('full(%i)', (n) => same(`full ${n}`, [], (b) => b.full(n, -3.25), EXACT));
  test.each([1, 513, 70_000])('copy of %i floats', (n) => same(`copy ${n}`, [rand(n, n + 2)], (b, [a]) => b.copy(a), EXACT));
});

describe('layout', () => {
  const expands: [Shape, Shape][] = [[[1], [7]], [[3, 1], [2, 3, 65]], [[65], [7, 65]], [[7, 1, 1], [7, 5, 3]], [[], [4, 2]]];
  test.each(expands)('expand %j → %j', (s, o) => same('expand', [rand(size(s), 3)], (b, [a]) => b.expand(a, s, o), EXACT));

  const perms: [Shape, number[]][] = [[[63, 65], [1, 0]], [[2, 3, 4], [2, 0, 1]], [[3, 5, 7, 2], [0, 2, 1, 3]], [[1, 7], [1, 0]]];
  test.each(perms)('permute %j by %j', (s, p) => same('permute', [rand(size(s), 4)], (b, [a]) => b.permute(a, s, p), EXACT));

  const narrows: [Shape, number, number, number][] = [[[5, 7, 3], 1, 2, 4], [[65, 7], 0, 63, 2], [[3, 513], 1, 0, 1], [[4, 5, 6], 2, 5, 1]];
  test.each(narrows)('narrow %j dim %i start %i length %i, and unnarrow back', async (s, dim, start, len) => {
    await same('narrow', [rand(size(s), 5)], (b, [a]) => b.narrow(a, s, dim, start, len), EXACT);
    const small = s.map((d, i) => (i === dim ? len : d));
    await same('unnarrow', [rand(size(small), 6)], (b, [a]) => b.unnarrow(a, small, dim, start, s), EXACT);
  });
});

describe('elementwise', () => {
  /** Input range per op, and for pow its exponents (each with its own input range). */
  const unary: Record<UnaryOp, { lo?: number; hi?: number; params?: [number, number, number][] }> = {
    neg: {}, exp: {}, log: { lo: 0.01, hi: 5 }, sqrt: { lo: 0, hi: 5 }, tanh: { lo: -12, hi: 12 }, sigmoid: { lo: -30, hi: 30 },
    relu: {}, gelu: { lo: -6, hi: 6 }, abs: {}, step: {}, geluGrad: { lo: -6, hi: 6 },
    pow: { params: [[2, -3, 3], [3, -3, 3], [0.5, 0, 4], [-1, 0.1, 3], [1.7, 0, 3], [0, -2, 2], [-2, 0.5, 2]] },
  };
  for (const [op, { lo, hi, params }] of Object.entries(unary) as [UnaryOp, (typeof unary)[UnaryOp]][]) {
    if (params) {
      test.each(params)(`${op} by %d`, (p, plo, phi) => same(`${op} ${p}`, [rand(65, 9, plo, phi)], (b, [a]) => b.unary(op, a, p), TRANSCENDENTAL));
    } else {
      test.each([1, 7, 513])(`${op} on %i values`, (n) =>
        same(op, [rand(n, n, lo ?? -3, hi ?? 3)], (b, [a]) => b.unary(op, a), TRANSCENDENTAL));
    }
  }

  /** Operand ranges and tolerance per op (pow: a positive base, so every power is real). */
  const binary: Record<BinaryOp, { a?: [number, number]; b?: [number, number]; tol?: Tol }> = {
    add: {}, sub: {}, mul: {}, div: {}, maximum: {}, minimum: {}, gt: {}, lt: {}, eq: {},
    pow: { a: [0.1, 3], b: [-2, 2], tol: TRANSCENDENTAL },
    geluBackward: { b: [-6, 6], tol: TRANSCENDENTAL },
  };
  const shapes: [Shape, Shape, Shape][] = [
    [[7, 65], [7, 65], [7, 65]],
    [[63, 65], [65], [63, 65]],
    [[65], [63, 65], [63, 65]],
    [[513], [], [513]],
    [[], [1, 7], [1, 7]],
    [[3, 1, 5], [1, 4, 1], [3, 4, 5]],
    [[2, 1, 3], [4, 1], [2, 4, 3]],
    [[7, 1], [7, 63], [7, 63]],
  ];
  for (const [op, c] of Object.entries(binary) as [BinaryOp, (typeof binary)[BinaryOp]][]) {
    test.each(shapes)(`${op}: %j with %j → %j`, (as, bs, os) => {
      const a = rand(size(as), 11, ...(c.a ?? [-2, 2]));
      const b = rand(size(bs), 12, ...(c.b ?? [-2, 2]));
      if (op === 'eq') b.set(a.subarray(0, Math.min(a.length, b.length, 3))); // some equal pairs
      return same(op, [a, b], (be, [x, y]) => be.binary(op, x, as, y, bs, os), c.tol ?? ELEMENTWISE);
    });
  }
});

describe('reductions', () => {
  const cases: [Shape, number][] = [[[7, 63, 5], 0], [[7, 63, 5], 1], [[7, 63, 5], 2], [[513], 0], [[65, 1], 0], [[65, 1], 1], [[1, 7], 1], [[3, 700], 1],
    [[3, 2000], 1], [[5000], 0], [[2, 1100, 3], 1]];
  const tolerance: Record<ReduceOp, Tol> = { sum: { atol: 1e-5, rtol: 1e-5 }, max: EXACT, argmax: EXACT };
  for (const [op, tol] of Object.entries(tolerance) as [ReduceOp, Tol][]) {
    test.each(cases)(`${op} of %j along dim %i`, (s, dim) => same(op, [rand(size(s), 21)], (b, [a]) => b.reduce(op, a, s, dim), tol));
  }
  test('argmax keeps the first of tied maxima', async () => {
    await same('argmax ties', [Float32Array.from([1, 3, 3, 0, 2, 2, 2, 2])], (b, [a]) => [b.reduce('argmax', a, [2, 4], 1), b.reduce('argmax', a, [4, 2], 0)], EXACT);
    const long = new Float32Array(3000).fill(1); // a workgroup-per-row reduction
    long[1700] = 5;
    long[2900] = 5;
    await same('argmax ties in a long row', [long], (b, [a]) => b.reduce('argmax', a, [3000], 0), EXACT);
  });
});

describe('matmul', () => {
  const MM: Tol = { atol: 2e-5, rtol: 1e-4 };
  // Up to 2^18 multiply-adds the one-thread-per-output kernel runs; above it the 64×64 tiles.
  const sizes: [number, number, number][] = [[1, 1, 1], [7, 63, 65], [65, 7, 63], [63, 65, 7], [1, 513, 7], [64, 64, 64], [129, 17, 66],
    [65, 129, 67], [7, 2050, 31], [130, 64, 33]];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      test.each(sizes)(`m=%i k=%i n=%i, transA=${transA} transB=${transB}`, (m, k, n) =>
        same('matmul', [rand(m * k, m + k), rand(k * n, k + n)], (b, [x, y]) =>
          b.matmul(x, y, { batch: 1, m, k, n, transA, transB, aBatched: true, bBatched: true }), MM));
    }
  }
  test.each([[true, true, 7], [true, false, 7], [false, true, 7], [true, true, 70], [false, true, 70]])('batched (3 × m×65 @ 65×m), aBatched=%s bBatched=%s m=%i', (ab, bb, m) => {
    const [batch, k, n] = [3, 65, m + 2];
    return same('batched matmul', [rand((ab ? batch : 1) * m * k, 31), rand((bb ? batch : 1) * k * n, 32)], (b, [x, y]) =>
      b.matmul(x, y, { batch, m, k, n, transA: false, transB: true, aBatched: ab, bBatched: bb }), MM);
  });
  // Causal attention's products: a masked output (both kernels), triangular A operands (a hint the GPU may ignore).
  test.each([[3, 7, 5], [2, 130, 64]])('causal: batch %i, T=%i, d=%i', async (batch, T, d) => {
    const lower = rand(batch * T * T, 53); // values above the diagonal too, which both must read as zero
    await same('masked q·kᵀ', [rand(batch * T * d, 51), rand(batch * T * d, 52)], (b, [x, y]) =>
      b.matmul(x, y, { batch, m: T, k: d, n: T, transA: false, transB: true, aBatched: true, bBatched: true, causal: 'out' }), MM);
    for (const [transA, causal] of [[false, 'aLower'], [true, 'aUpper']] as const) {
      await same(`triangular A (${causal})`, [lower, rand(batch * T * d, 54)], (b, [x, y]) =>
        b.matmul(x, y, { batch, m: T, k: T, n: d, transA, transB: false, aBatched: true, bBatched: true, causal }), MM);
    }
  });
  test('a 513×513 product', () =>
    same('matmul 513', [rand(513 * 513, 41), rand(513 * 513, 42)], (b, [x, y]) =>
      b.matmul(x, y, { batch: 1, m: 513, k: 513, n: 513, transA: false, transB: false, aBatched: true, bBatched: true }), { atol: 1e-4, rtol: 1e-4 }));
});

describe('fused neural-net kernels', () => {
  // Rows up to 1,024 long get a thread each; longer ones a workgroup each.
  const rowsCols: [number, number][] = [[1, 1], [7, 65], [3, 513], [65, 7], [1, 1000], [3, 1500], [1, 4099]];
  test.each(rowsCols)('softmax and logSoftmax, %i rows × %i cols', async (r, c) => {
    await same('softmax', [rand(r * c, r + c, -8, 8)], (b, [a]) => b.softmax(a, r, c), TRANSCENDENTAL);
    await same('logSoftmax', [rand(r * c, r + c, -8, 8)], (b, [a]) => b.logSoftmax(a, r, c), TRANSCENDENTAL);
    await same('softmaxBackward', [rand(r * c, r + c + 1, 0, 1), rand(r * c, r + c + 2)], (b, [y, g]) => b.softmaxBackward(y, g, r, c, 0.7), TRANSCENDENTAL);
  });

  // Attention scores: three c×c blocks, row r seeing columns ≤ r mod c; the first 40 rows of a
  // 1,030-wide block (cheap) take the workgroup-per-row kernel.
  test.each([[3, 1], [21, 7], [195, 65], [40, 1030]])('scaled causal softmax, %i rows × %i cols', (r, c) =>
    same('causal softmax', [rand(r * c, c, -8, 8)], (b, [a]) => b.softmax(a, r, c, 0.25, true), TRANSCENDENTAL));

  test.each([[7, 65], [1, 513], [65, 7], [300, 3], [3, 1500]])('layerNorm forward and backward, %i × %i', async (r, c) => {
    const inputs = [rand(r * c, 51, -3, 3), rand(c, 52, 0.5, 1.5), rand(c, 53)];
    await same('layerNorm', inputs, (b, [x, w, bias]) => b.layerNorm(x, w, bias, r, c, 1e-5), { atol: 2e-5, rtol: 2e-5 });
    await same('layerNormBackward', [...inputs.slice(0, 2), rand(r * c, 54)], (b, [x, w, dy]) => {
      const zero = b.full(c, 0);
      const f = b.layerNorm(x, w, zero, r, c, 1e-5);
      const g = b.layerNormBackward(dy, x, w, f.mean, f.rstd, r, c);
      for (const t of [zero, f.out, f.mean, f.rstd]) b.dispose(t);
      return [g.dx, g.dweight, g.dbias];
      // dx carries 1/std: in a 3-wide row of nearly equal values float32 rounding grows with it.
    }, { atol: 1e-4, rtol: 1e-4 });
  });

  test.each([[7, 65], [63, 27], [2, 513], [1, 1], [3, 1500]])('crossEntropy forward and backward, %i rows × %i classes', async (r, c) => {
    // Every third row's target is the ignore index (-100): loss 0 and gradient 0 on both backends.
    const targets = Float32Array.from({ length: r }, (_, i) => (r > 1 && i % 3 === 1 ? -100 : (i * 5 + 3) % c));
    for (const ignore of [-1, -100]) {
      const valid = ignore === -1 ? Float32Array.from(targets, (t) => Math.max(t, 0)) : targets;
      await same('crossEntropy', [rand(r * c, 61, -6, 6), valid], (b, [l, t]) => b.crossEntropy(l, t, r, c, ignore), TRANSCENDENTAL);
      await same('crossEntropyBackward', [rand(r * c, 62, -6, 6), valid, Float32Array.of(0.75)], (b, [l, t, g]) => {
        const { losses, probs } = b.crossEntropy(l, t, r, c, ignore);
        const d = b.crossEntropyBackward(probs, t, g, r, c, ignore);
        b.dispose(losses);
        b.dispose(probs);
        return d;
      }, TRANSCENDENTAL);
    }
  });

  test.each([[63, 7, 65], [1, 1, 1], [513, 3, 27]])('gather and scatterAdd, %i ids, dim %i, vocab %i', async (count, dim, vocab) => {
    const ids = Float32Array.from({ length: count }, (_, i) => (i * i + 3) % vocab); // repeats on purpose
    await same('gather', [rand(vocab * dim, 71), ids], (b, [t, i]) => b.gather(t, i, count, dim), EXACT);
    await same('scatterAdd', [rand(count * dim, 72), ids], (b, [g, i]) => b.scatterAdd(g, i, count, dim, vocab), { atol: 1e-5, rtol: 1e-5 });
  });
});

describe('optimizer updates', () => {
  const sizes = [1, 7, 513, 4099]; // one call over parameters of these lengths (SIMD lanes and chunks on the CPU)
  test('adamw on a list of parameters over 3 steps', () =>
    same('adamw', sizes.flatMap((n, k) => [rand(n, 81 + k), rand(n, 85 + k), new Float32Array(n), new Float32Array(n)]), (b, s) => {
      const [ps, gs, ms, vs] = [0, 1, 2, 3].map((j) => s.filter((_, i) => i % 4 === j));
      for (let step = 1; step <= 3; step++) b.adamw(ps, gs, ms, vs, { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, step });
    }, { atol: 1e-6, rtol: 1e-5 }, true));
  test('sumOfSquares and scaleInPlace over a list of storages', async () => {
    await same('sumOfSquares', sizes.map((n, k) => rand(n, 95 + k)), (b, xs) => b.sumOfSquares(xs), { atol: 1e-6, rtol: 1e-5 });
    await same('scaleInPlace', [...sizes.map((n, k) => rand(n, 95 + k)), Float32Array.of(0.37)], (b, s) => {
      b.scaleInPlace(s.slice(0, -1), s[s.length - 1]);
    }, ELEMENTWISE, true);
  });
  test.each([[0, 0], [0.9, 0], [0.9, 0.01]])('sgd momentum %d weight decay %d', (mu, wd) =>
    same('sgd', [rand(65, 91), rand(65, 92), new Float32Array(65)], (b, [p, g, buf]) => {
      for (let i = 0; i < 3; i++) b.sgd(p, g, mu ? buf : null, 0.1, mu, wd);
    }, ELEMENTWISE, true));
});
