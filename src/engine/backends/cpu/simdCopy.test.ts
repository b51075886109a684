import { describe, expect, it } from 'vitest';
import { CpuBackend } from './cpuBackend';
import { loadSimdCopy, simdCopyModule } from './simdCopy';
import { contiguousStrides, gatherIndex } from './shape';

const values = (n: number) => Float32Array.from({ length: n }, (_, i) => i + 0.5);

/** The permuted copy value by value, through the index of every output value. */
function permuteRef(src: Float32Array, shape: number[], perm: number[]): Float32Array {
  const strides = contiguousStrides(shape);
  const idx = gatherIndex(perm.map((p) => shape[p]), perm.map((p) => strides[p]));
  return Float32Array.from(idx, (i) => src[i]);
}

describe('gathering runs in WebAssembly SIMD', () => {
  it('the module validates (Node 20 has WebAssembly SIMD)', () => {
    expect(WebAssembly.validate(simdCopyModule())).toBe(true);
  });

  it('copies every run to its place, growing the memory past one page', () => {
    const simd = loadSimdCopy()!;
    const src = values(70_000);
    const starts = Int32Array.from({ length: 4000 }, (_, k) => (k * 7919) % (70_000 - 12));
    const out = new Float32Array(4000 * 12).fill(NaN);
    simd.gatherRuns(src, starts, 12, out);
    expect(out).toEqual(Float32Array.from({ length: out.length }, (_, i) => src[starts[Math.floor(i / 12)] + (i % 12)]));
    const small = new Float32Array(8).fill(NaN);
    simd.gatherRuns(values(16), Int32Array.of(8, 0), 4, small); // after growing, a small copy still lands right
    expect(Array.from(small)).toEqual([8.5, 9.5, 10.5, 11.5, 0.5, 1.5, 2.5, 3.5]);
  });

  it("the backend's permutes match a copy value by value: heads split and merged, odd runs, empty", () => {
    const be = new CpuBackend();
    for (const [shape, perm] of [
      [[3, 5, 4, 8], [0, 2, 1, 3]], // runs of 8: SIMD
      [[3, 4, 5, 8], [0, 2, 1, 3]],
      [[2, 3, 5, 6], [0, 2, 1, 3]], // runs of 6: the JS loop
      [[2, 3, 64], [1, 0, 2]], // runs of 64: set(subarray)
      [[5, 4], [1, 0]], // no contiguous runs
      [[0, 3, 4], [1, 0, 2]],
    ] as [number[], number[]][]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const src = values(n);
      const out = be.peek(be.permute(be.fromArray(src), shape, perm));
      expect(out).toEqual(permuteRef(src, shape, perm));
    }
  });
});
