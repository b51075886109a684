import { describe, expect, it } from 'vitest';
import { gradcheck } from '../testing/gradcheck';
import { F } from '../functional';
import { causalMix, causalScores } from './matmul';
import { randn, tensor } from '../tensor';
import { Generator } from '../random';

/** float64 causal attention over [H, T, d] inputs. */
function attentionRef(q: Float64Array, k: Float64Array, v: Float64Array, H: number, T: number, d: number, causal: boolean): Float64Array {
  const out = new Float64Array(H * T * d);
  for (let h = 0; h < H; h++) for (let t = 0; t < T; t++) {
    const scores = Array.from({ length: T }, (_, s) => {
      if (causal && s > t) return -Infinity;
      let dot = 0;
      for (let c = 0; c < d; c++) dot += q[(h * T + t) * d + c] * k[(h * T + s) * d + c];
      return dot / Math.sqrt(d);
    });
    const m = Math.max(...scores);
    const e = scores.map((x) => Math.exp(x - m));
    const z = e.reduce((a, b) => a + b, 0);
    for (let c = 0; c < d; c++) out[(h * T + t) * d + c] = e.reduce((a, w, s) => a + (w / z) * v[(h * T + s) * d + c], 0);
  }
  return out;
}

describe('scaledDotProductAttention', () => {
  for (const causal of [true, false]) {
    it(`${causal ? 'causal' : 'full'}: output and q/k/v gradients vs a float64 reference`, async () => {
      const [H, T, d] = [2, 4, 3];
      const shape = [H, T, d];
      const r = await gradcheck((q, k, v) => F.scaledDotProductAttention(q, k, v, { causal }).out, [{ shape }, { shape }, { shape }], {
        reference: ([q, k, v]) => attentionRef(q, k, v, H, T, d, causal),
      });
      expect(r.worst).toBeLessThan(1);
    });
  }

  it('causal attention\'s two products: values and gradients against finite differences; bad shapes are refused', async () => {
    const g = new Generator(8);
    const [B, T, d] = [2, 5, 3];
    const scores = await causalScores(randn([B, T, d], { generator: g }), randn([B, T, d], { generator: g })).data();
    for (let i = 0; i < scores.length; i++) if (i % T > Math.floor(i / T) % T) expect(scores[i]).toBe(0);
    expect((await gradcheck((q, k) => causalScores(q, k), [{ shape: [B, T, d] }, { shape: [B, T, d] }])).worst).toBeLessThan(1);
    // causalMix takes weights that are zero above the diagonal: made so here by a constant mask.
    const lower = tensor(Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => (j <= i ? 1 : 0))));
    expect((await gradcheck((w, v) => causalMix(w.mul(lower), v), [{ shape: [B, T, T] }, { shape: [B, T, 4] }])).worst).toBeLessThan(1);
    expect(() => causalScores(randn([2, 5, 3]), randn([2, 4, 3]))).toThrow('causal scores: shapes [2, 5, 3] and [2, 4, 3] are not causal attention');
    expect(() => causalMix(randn([5, 4]), randn([5, 2]))).toThrow('causal mix: shapes [5, 4] and [5, 2]');
  });

  it('causal weights are lower-triangular rows summing to 1, shape [B, H, T, T]', async () => {
    const g = new Generator(5);
    const q = randn([1, 2, 3, 4], { generator: g });
    const { weights } = F.scaledDotProductAttention(q, q, q, { causal: true });
    expect(weights.shape).toEqual([1, 2, 3, 3]);
    const w = (await weights.toArray()) as number[][][][];
    expect(w[0][1][0]).toEqual([1, 0, 0]);
    expect(w[0][0][1][2]).toBe(0);
    for (const row of w[0].flat()) expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
  });

  it('mismatched shapes name all three', () => {
    expect(() => F.scaledDotProductAttention(randn([2, 3]), randn([2, 4]), randn([2, 3]))).toThrow(
      'scaledDotProductAttention: q [2, 3], k [2, 4] and v [2, 3] must share (..., T, d)',
    );
  });
});
