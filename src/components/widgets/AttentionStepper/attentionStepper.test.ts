import { describe, expect, test } from 'vitest';
import { F, tensor } from '../../../engine/index';
import {
  computeStages, D, DEFAULT_SENTENCE, defaultWeights, explainCell, getWeight, HEADS, HS, MAX_TOKENS, setWeight, STAGES, stageMatrix, toTokens, weightEntries, weightRows,
} from './attentionStepper';

describe('AttentionStepper logic', () => {
  test('sentences become at most six word tokens; empty falls back with a message', () => {
    expect(toTokens('  the  cat ')).toEqual({ tokens: ['the', 'cat'], message: null });
    const long = toTokens('one two three four five six seven eight');
    expect(long.tokens).toHaveLength(MAX_TOKENS);
    expect(long.message).toMatch(/first 6 words/);
    expect(toTokens('   ').tokens).toEqual(DEFAULT_SENTENCE.split(' '));
    expect(toTokens('').message).toMatch(/at least one word/);
  });

  test('stages match a plain-JS attention and F.scaledDotProductAttention', async () => {
    const tokens = toTokens(DEFAULT_SENTENCE).tokens;
    const w = defaultWeights();
    const s = await computeStages(tokens, w);
    const T = tokens.length;
    expect(s.checkError).toBeLessThan(1e-5);
    const X = Array.from({ length: T }, (_, t) => Array.from(s.x.values.slice(t * D, t * D + D)));
    const proj = (W: number[][]) => X.map((row) => Array.from({ length: D }, (_, j) => row.reduce((a, x, i) => a + x * W[i][j], 0)));
    const [Q, K, V] = [proj(w.wq), proj(w.wk), proj(w.wv)];
    for (let h = 0; h < HEADS; h++) {
      const hd = s.heads[h];
      for (let t = 0; t < T; t++) {
        const sc = Array.from({ length: T }, (_, u) => (u > t ? -Infinity : (Q[t][h * HS] * K[u][h * HS] + Q[t][h * HS + 1] * K[u][h * HS + 1]) / Math.sqrt(HS)));
        const m = Math.max(...sc);
        const e = sc.map((v) => Math.exp(v - m));
        const z = e.reduce((a, b) => a + b, 0);
        for (let u = 0; u < T; u++) {
          expect(hd.softmax.values[t * T + u]).toBeCloseTo(e[u] / z, 5);
          expect(hd.masked.values[t * T + u]).toBe(u > t ? -Infinity : hd.scaled.values[t * T + u]);
        }
        for (let j = 0; j < HS; j++) {
          const want = e.reduce((a, ev, u) => a + (ev / z) * V[u][h * HS + j], 0);
          expect(hd.sum.values[t * HS + j]).toBeCloseTo(want, 5);
        }
      }
    }
    // Row 0 can only look at itself; every row sums to 1.
    const rows = weightRows(s);
    expect(rows[0][0]).toBeCloseTo(1, 6);
    for (const r of rows) expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(stageMatrix(s, 'output', 0).cols).toBe(D);
    expect(stageMatrix(s, 'scores', 1)).toBe(s.heads[1].scores);
  });

  test('the same word at two positions gets different vectors (position signal)', async () => {
    const s = await computeStages(['the', 'the'], defaultWeights());
    expect(Array.from(s.x.values.slice(0, D))).not.toEqual(Array.from(s.x.values.slice(D, 2 * D)));
  });

  test('nudging a weight changes that stage and every later one, not the ones before', async () => {
    const tokens = ['it', 'was', 'tired'];
    const w = defaultWeights();
    const a = await computeStages(tokens, w);
    const key = 'wk:0:0';
    const w2 = setWeight(w, key, getWeight(w, key) + 1);
    expect(getWeight(w, key)).not.toBe(getWeight(w2, key)); // the original is untouched
    const b = await computeStages(tokens, w2);
    expect(Array.from(b.heads[0].q.values)).toEqual(Array.from(a.heads[0].q.values));
    expect(Array.from(b.heads[0].k.values)).not.toEqual(Array.from(a.heads[0].k.values));
    expect(Array.from(b.heads[0].softmax.values)).not.toEqual(Array.from(a.heads[0].softmax.values));
    expect(Array.from(b.output.values)).not.toEqual(Array.from(a.output.values));
    expect(setWeight(w, key, 99).wk[0][0]).toBe(3);
    expect(weightEntries()).toHaveLength(4 * D * D);
  });

  test('every cell of every stage explains itself with the numbers it shows', async () => {
    const tokens = ['the', 'cat', 'sat'];
    const w = defaultWeights();
    const s = await computeStages(tokens, w);
    for (const stage of STAGES) {
      for (let h = 0; h < HEADS; h++) {
        const m = stageMatrix(s, stage, h);
        for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) expect(explainCell(s, w, stage, h, r, c)).toMatch(/\S/);
      }
    }
    const v = s.heads[0].scaled.values[1 * 3 + 0];
    expect(explainCell(s, w, 'scaled', 0, 1, 0)).toContain(`= ${v.toFixed(2).replace('-', '−')}`);
    expect(explainCell(s, w, 'masked', 0, 0, 2)).toMatch(/−∞/);
    expect(explainCell(s, w, 'softmax', 0, 2, 1)).toMatch(/“sat” puts [\d.]+% of its attention on “cat”/);
  });

  test('F.scaledDotProductAttention on a hand-computed case', async () => {
    // One query, two keys: scores [1, 0]·[[1,0],[0,1]]ᵀ/√2 = [0.7071, 0]; weights = softmax.
    const q = tensor([[1, 0], [0, 1]]);
    const k = tensor([[1, 0], [0, 1]]);
    const v = tensor([[10, 0], [0, 10]]);
    const { out, weights } = F.scaledDotProductAttention(q, k, v, { causal: true });
    const w = await weights.toArray() as number[][];
    const a = Math.exp(0) / (Math.exp(0) + Math.exp(1 / Math.SQRT2)); // row 1: keys 0 and 1 score 0 and 0.7071
    expect(w[0]).toEqual([1, 0]);
    expect(w[1][0]).toBeCloseTo(a, 6);
    expect(((await out.toArray()) as number[][])[1][1]).toBeCloseTo(10 * (1 - a), 5);
  });
});
