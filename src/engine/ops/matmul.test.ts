import { describe, expect, it } from 'vitest';
import { gradcheck } from '../testing/gradcheck';
import { tensor, zeros } from '../tensor';
import { memory } from '../memory';

/** float64 matmul with PyTorch's rules (1-D promotion, broadcast batch dims). */
function matmulRef(a: Float64Array, as: number[], b: Float64Array, bs: number[]): Float64Array {
  const A = as.length === 1 ? [1, as[0]] : as;
  const B = bs.length === 1 ? [bs[0], 1] : bs;
  const [m, k] = A.slice(-2);
  const n = B.at(-1)!;
  const ab = A.slice(0, -2), bb = B.slice(0, -2);
  const rank = Math.max(ab.length, bb.length);
  const batch = Array.from({ length: rank }, (_, i) => Math.max(ab[ab.length - rank + i] ?? 1, bb[bb.length - rank + i] ?? 1));
  const total = batch.reduce((x, y) => x * y, 1);
  const offset = (own: number[], idx: number[]) => {
    let o = 0;
    own.forEach((d, i) => { o = o * d + (d === 1 ? 0 : idx[rank - own.length + i]); });
    return o;
  };
  const out = new Float64Array(total * m * n);
  for (let p = 0; p < total; p++) {
    const idx: number[] = [];
    let r = p;
    for (let i = rank - 1; i >= 0; i--) { idx[i] = r % batch[i]; r = Math.floor(r / batch[i]); }
    const ao = offset(ab, idx) * m * k, bo = offset(bb, idx) * k * n;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[ao + i * k + t] * b[bo + t * n + j];
      out[p * m * n + i * n + j] = s;
    }
  }
  return out;
}

describe('matmul', () => {
  const cases: [string, number[], number[], number[]][] = [
    ['[M,K] @ [K,N]', [3, 4], [4, 5], [3, 5]],
    ['[K] @ [K,N]', [4], [4, 3], [3]],
    ['[M,K] @ [K]', [3, 4], [4], [3]],
    ['[K] @ [K]', [5], [5], []],
    ['[B,M,K] @ [B,K,N]', [2, 3, 4], [2, 4, 2], [2, 3, 2]],
    ['[B,M,K] @ [K,N] (shared weight)', [2, 3, 4], [4, 2], [2, 3, 2]],
    ['[M,K] @ [B,K,N] (shared left)', [3, 4], [2, 4, 2], [2, 3, 2]],
    ['[2,1,3,4] @ [5,4,2] (broadcast batch)', [2, 1, 3, 4], [5, 4, 2], [2, 5, 3, 2]],
    ['[2,3,4] @ [4] (batched matrix-vector)', [2, 3, 4], [4], [2, 3]],
  ];
  for (const [name, sa, sb, expected] of cases) {
    it(`${name}: shape ${JSON.stringify(expected)}, values and gradients`, async () => {
      const r = await gradcheck((a, b) => a.matmul(b), [{ shape: sa }, { shape: sb }], {
        reference: ([a, b]) => matmulRef(a, sa, b, sb),
      });
      expect(r.forward.length).toBe(expected.reduce((x, y) => x * y, 1));
      expect(r.worst).toBeLessThan(1);
    });
  }

  it('output shapes follow PyTorch', () => {
    const z = (s: number[]) => zeros(s);
    expect(z([2, 1, 3, 4]).matmul(z([5, 4, 2])).shape).toEqual([2, 5, 3, 2]);
    expect(z([4]).matmul(z([4])).shape).toEqual([]);
    expect(z([4]).matmul(z([2, 4, 3])).shape).toEqual([2, 3]);
  });

  it('a small product by hand', async () => {
    expect(await tensor([[1, 2], [3, 4]]).matmul(tensor([[5, 6], [7, 8]])).toArray()).toEqual([[19, 22], [43, 50]]);
    expect(await tensor([1, 2, 3]).matmul(tensor([4, 5, 6])).item()).toBe(32);
  });

  it('mismatched inner sizes name both shapes', () => {
    expect(() => tensor([[1, 2, 3]]).matmul(tensor([[1, 2]]))).toThrow('matmul: shapes [1, 3] and [1, 2] are not compatible (inner sizes 3 and 1 differ)');
    expect(() => tensor(2).matmul(tensor([2]))).toThrow('matmul: both operands need at least 1 dim, got shapes [] and [1]');
  });
});

describe('matmulTransposed (a · bᵀ read in place)', () => {
  it('equals matmul with an explicit transpose, values and gradients, batched and shared', async () => {
    const { matmulTransposed } = await import('./matmul');
    const { randn } = await import('../tensor');
    const { Generator } = await import('../random');
    const g = new Generator(3);
    for (const [as, bs] of [[[2, 3, 4, 5], [2, 3, 6, 5]], [[2, 4, 5], [6, 5]], [[4, 5], [6, 5]]] as number[][][]) {
      const a = randn(as, { generator: g, requiresGrad: true });
      const b = randn(bs, { generator: g, requiresGrad: true });
      const w = randn([...as.slice(0, -1), bs.at(-2)!], { generator: g });
      const viaT = matmulTransposed(a, b);
      expect(viaT.shape).toEqual([...as.slice(0, -1), bs.at(-2)!]);
      viaT.mul(w).sum().backward();
      const [ga, gb] = [await a.grad!.data(), await b.grad!.data()];
      a.zeroGrad();
      b.zeroGrad();
      const viaCopy = a.matmul(b.transpose(-2, -1));
      viaCopy.mul(w).sum().backward();
      const close = (x: Float32Array, y: Float32Array) => x.forEach((v, i) => expect(v).toBeCloseTo(y[i], 4));
      close(await viaT.data(), await viaCopy.data());
      close(ga, await a.grad!.data());
      close(gb, await b.grad!.data());
    }
    expect(() => matmulTransposed(tensor([1, 2]), tensor([[1, 2]]))).toThrow(/at least 2 dims/);
  });

  it('passes gradcheck with a shared b', async () => {
    const { matmulTransposed } = await import('./matmul');
    const r = await gradcheck((x, y) => matmulTransposed(x, y), [{ shape: [2, 3, 4] }, { shape: [5, 4] }]);
    expect(r.forward.length).toBe(2 * 3 * 5);
    expect(r.worst).toBeLessThan(1);
  });

  it('outside a tidy, a product leaves only itself behind: no views or copies of its operands', () => {
    const a = tensor([[1, 2], [3, 4]]), b = tensor([[5, 6], [7, 8]]);
    const before = memory();
    for (let i = 0; i < 5; i++) a.matmul(b).dispose();
    const c = a.matmul(b);
    expect(memory()).toEqual({ tensors: before.tensors + 1, buffers: before.buffers + 1 });
    c.dispose();
    a.dispose();
    b.dispose();
  });
});
