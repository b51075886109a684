import { afterAll, describe, expect, it } from 'vitest';
import { matmulJs, matmulSimd, setThreads, threadCount } from './matmul';
import { threadsSupported } from './threads';
import { Generator } from '../../random';

const g = new Generator(16);
const rand = (length: number) => Float32Array.from({ length }, () => g.normal());

// Shapes above the threading threshold (2^20 multiply-adds), with ragged edges, transposes and batching.
const cases = [
  { batch: 1, m: 130, k: 257, n: 190, transA: false, transB: true, aBatched: true, bBatched: true },
  { batch: 48, m: 64, k: 32, n: 64, transA: false, transB: true, aBatched: true, bBatched: true }, // attention scores
  { batch: 3, m: 97, k: 64, n: 61, transA: true, transB: false, aBatched: true, bBatched: false },
  { batch: 5, m: 40, k: 200, n: 33, transA: false, transB: false, aBatched: false, bBatched: true },
];

describe('matmul worker threads', () => {
  afterAll(() => setThreads(1));

  it('Node can run them', () => {
    expect(threadsSupported()).toBe(true);
  });

  for (const threads of [2, 3]) {
    it(`${threads} threads give bit-identical products to one`, async () => {
      for (const args of cases) {
        const a = rand((args.aBatched ? args.batch : 1) * args.m * args.k);
        const b = rand((args.bBatched ? args.batch : 1) * args.k * args.n);
        expect(args.batch * args.m * args.k * args.n).toBeGreaterThanOrEqual(2 ** 20);
        await setThreads(1);
        const one = matmulSimd(a, b, args);
        expect(await setThreads(threads)).toBe(threads);
        expect(threadCount()).toBe(threads);
        const many = matmulSimd(a, b, args);
        expect(many).toEqual(one); // every float exactly equal
        // and both are the product: against the JS kernel within float32 rounding
        const js = matmulJs(a, b, args);
        let worst = 0;
        for (let i = 0; i < js.length; i++) worst = Math.max(worst, Math.abs(js[i] - many[i]));
        expect(worst).toBeLessThan(1e-3);
      }
    });
  }

  it('back to one thread, and a clear error for a bad count', async () => {
    await setThreads(2);
    expect(await setThreads(1)).toBe(1);
    expect(threadCount()).toBe(1);
    await expect(setThreads(0)).rejects.toThrow(/threads must be a whole number ≥ 1, got 0/);
  });
});
