import { describe, expect, it } from 'vitest';
import { jsRepeatLoops, sumMiddle, sumMiddleLoop } from './loops';
import { loadSimdElementwise, simdElementwiseModule, type SimdBinaryOp } from './simdElementwise';
import { CpuBackend } from './cpuBackend';

const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 3 + (i % 7 === 0 ? 1e-3 : 0));

/** Σ_r src[o, r, i] as the old strided loop did: a float64 sum down each column, rounded once. */
function columnSums(src: Float32Array, outer: number, len: number, inner: number): Float32Array {
  const out = new Float32Array(outer * inner);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
    let acc = 0;
    for (let r = 0; r < len; r++) acc += src[(o * len + r) * inner + i];
    out[o * inner + i] = acc;
  }
  return out;
}

describe('add, sub, mul, div and sums in WebAssembly SIMD', () => {
  it('the module validates (Node 20 has WebAssembly SIMD)', () => {
    expect(WebAssembly.validate(simdElementwiseModule())).toBe(true);
  });

  const simd = loadSimdElementwise()!;

  // same shape over several chunks (4,096 floats) and not a multiple of 4; rows that repeat: a
  // scalar, short odd rows, a bias row, a row longer than a chunk
  const cases: [n: number, yn: number][] = [[10_243, 10_243], [3, 3], [10_243, 1], [127 * 41, 127], [3 * 33, 3], [384 * 29, 384], [5000 * 3, 5000]];
  for (const name of ['add', 'sub', 'mul', 'div'] as SimdBinaryOp[]) {
    it(`${name} is bit-identical to the JS loop, same shape and repeated rows`, () => {
      for (const [n, yn] of cases) {
        const x = values(n, 1), y = values(yn, 2);
        const fast = new Float32Array(n).fill(NaN), ref = new Float32Array(n);
        simd.binary(name, x, y, fast, yn);
        jsRepeatLoops[name](x, y, ref, yn);
        expect(fast).toEqual(ref);
      }
    });
  }

  it('sums along a middle dim bit-identical to a float64 sum down each column', () => {
    // several chunks of rows, odd row counts, the widest row it takes, and widths the JS loop takes
    for (const [outer, len, inner] of [[2, 1000, 8], [3, 7, 12], [1, 5, 2048], [2, 3, 4096], [4, 9, 6], [5, 11, 1], [3, 1, 8], [0, 4, 8], [2, 0, 4]]) {
      const src = values(outer * len * inner, 3);
      const ref = columnSums(src, outer, len, inner);
      const fast = new Float32Array(outer * inner).fill(NaN), loop = new Float32Array(outer * inner).fill(NaN);
      sumMiddle(src, outer, len, inner, fast);
      sumMiddleLoop(src, outer, len, inner, loop);
      expect(fast).toEqual(ref);
      expect(loop).toEqual(ref);
    }
  });

  it('the backend takes these paths for broadcast shapes on either side, and empty ones', () => {
    const be = new CpuBackend();
    const data = (s: Parameters<CpuBackend["peek"]>[0]) => be.peek(s);
    const x = be.fromArray(values(6 * 5 * 12, 4)), row = be.fromArray(values(12, 5));
    const sum = be.binary('add', row, [1, 12], x, [6, 5, 12], [6, 5, 12]);
    const diff = be.binary('sub', x, [6, 5, 12], row, [12], [6, 5, 12]);
    const xs = data(x), r = data(row);
    expect(data(sum)).toEqual(Float32Array.from(xs, (v, i) => r[i % 12] + v));
    expect(data(diff)).toEqual(Float32Array.from(xs, (v, i) => v - r[i % 12]));
    expect(data(be.reduce('sum', x, [6, 5, 12], 1))).toEqual(columnSums(xs, 6, 5, 12));
    expect(data(be.reduce('sum', x, [6, 5, 12], 0))).toEqual(columnSums(xs, 1, 6, 60));
    expect(data(be.reduce('sum', x, [6, 5, 12], 2))).toEqual(columnSums(xs, 30, 12, 1));
    const empty = be.fromArray(new Float32Array(0));
    expect(data(be.binary('mul', empty, [0, 12], row, [12], [0, 12])).length).toBe(0);
    expect(data(be.reduce('sum', empty, [0, 12], 0))).toEqual(new Float32Array(12));
  });
});
