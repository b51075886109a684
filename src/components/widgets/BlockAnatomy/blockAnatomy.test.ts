import { describe, expect, test } from 'vitest';
import { F, arange, manualSeed, nn, noGrad, randn, tensor, type Tensor } from '../../../engine/index';
import { STAGES, activationStats, meanOverHeads, parseBT, sizesLabel, stageShapes, topNext } from './blockAnatomy';

const cfg = { vocabSize: 50, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 8 };

/** Walks a real nn.GPT stage by stage (as its forward does) and records every stage's output. */
function walk(model: nn.GPT, idx: Tensor): Record<string, number[]> & { hidden: Tensor[] } {
  const [, T] = idx.shape;
  const seen: Record<string, number[]> = { tokens: idx.shape };
  let x = model.transformer.wte.forward(idx).add(model.transformer.wpe.forward(arange(T)));
  seen.embed = x.shape;
  const hidden = [x];
  const attention: Tensor[] = [];
  for (const block of model.transformer.h) {
    const a = block.ln_1.forward(x);
    seen.ln1 = a.shape;
    const att = block.attn.forward(a, attention);
    seen.attn = att.shape;
    x = x.add(att);
    seen.add1 = x.shape;
    const m = block.ln_2.forward(x);
    seen.ln2 = m.shape;
    const up = block.mlp.c_fc.forward(m).gelu();
    seen.mlpHidden = up.shape;
    const mlp = block.mlp.forward(m);
    seen.mlp = mlp.shape;
    x = x.add(mlp);
    seen.add2 = x.shape;
    hidden.push(x);
  }
  seen.weights = attention[0].shape;
  x = model.transformer.ln_f.forward(x);
  seen.lnf = x.shape;
  const logits = model.lm_head.forward(x);
  seen.head = logits.shape;
  seen.softmax = logits.softmax(-1).shape;
  return Object.assign(seen, { hidden });
}

describe('BlockAnatomy shapes', () => {
  test('every stage’s arrow shape is what a real nn.GPT produces there', () => {
    manualSeed(1);
    const model = new nn.GPT(cfg);
    const [B, T] = [3, 5];
    const idx = tensor(Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => (b * 7 + t * 3) % cfg.vocabSize)));
    const seen = noGrad(() => walk(model, idx));
    const shapes = stageShapes(cfg, B, T);
    for (const s of STAGES) expect(shapes[s.name].out.sizes, s.name).toEqual(seen[s.name]);
    expect(shapes.mlp.inner[0].shape.sizes).toEqual(seen.mlpHidden); // (B, T, 4C)
    expect(shapes.attn.inner[2].shape.sizes).toEqual(seen.weights); // (B, nh, T, T)
    expect(shapes.attn.inner[1].shape.sizes).toEqual([B, 2, T, 4]); // hs = C / nh
    expect(shapes.attn.inner[1].shape.dims).toEqual(['B', 'nh', 'T', 'hs']);
    expect(sizesLabel(shapes.head.out)).toBe('3×5×50');
  });

  test('stage parameters add up to the model’s count', () => {
    const model = new nn.GPT(cfg);
    const s = stageShapes(cfg, 1, 1);
    const perBlock = s.ln1.params + s.attn.params + s.ln2.params + s.mlp.params;
    expect(s.embed.params + cfg.nLayer * perBlock + s.lnf.params).toBe(model.numParameters());
  });

  test('GPT-3’s attention weights are (1, 96, 2048, 2048) and its heads 128 wide', () => {
    const s = stageShapes({ vocabSize: 50257, blockSize: 2048, nLayer: 96, nHead: 96, nEmbd: 12288 }, 1, 2048);
    expect(s.attn.inner[2].shape.sizes).toEqual([1, 96, 2048, 2048]);
    expect(s.attn.inner[1].shape.sizes[3]).toBe(128);
    expect(s.mlp.inner[0].shape.sizes).toEqual([1, 2048, 49152]);
  });

  test('B and T are validated, T against the context', () => {
    expect(parseBT('2', '8', 128)).toEqual({ B: 2, T: 8 });
    expect(parseBT('0', '8', 128).errors?.B).toMatch(/at least 1/);
    expect(parseBT('1', '3.5', 128).errors?.T).toMatch(/whole number/);
    expect(parseBT('1', '129', 128).errors?.T).toMatch(/at most 128, this model's context/);
    expect(parseBT('', '8', 128).errors?.B).toMatch(/Enter the batch size/);
  });
});

describe('BlockAnatomy activations', () => {
  test('norms, updates and LayerNorm statistics match a direct computation on a real model', async () => {
    manualSeed(2);
    const model = new nn.GPT(cfg);
    const T = 6;
    const { hidden } = noGrad(() => walk(model, tensor([[1, 2, 3, 4, 5, 6]])));
    const flat = await Promise.all(hidden.map((h) => h.data()));
    const stats = await activationStats(flat, T, cfg.nEmbd);
    expect(stats.norms).toHaveLength(cfg.nLayer + 1);
    expect(stats.updates).toHaveLength(cfg.nLayer);
    const C = cfg.nEmbd;
    for (let l = 0; l < flat.length; l++) {
      for (let t = 0; t < T; t++) {
        const row = Array.from(flat[l].subarray(t * C, (t + 1) * C));
        const mean = row.reduce((s, v) => s + v, 0) / C;
        const std = Math.sqrt(row.reduce((s, v) => s + (v - mean) ** 2, 0) / C);
        expect(stats.norms[l][t]).toBeCloseTo(Math.hypot(...row), 5);
        expect(stats.layerNorm[l].before.mean[t]).toBeCloseTo(mean, 5);
        expect(stats.layerNorm[l].before.std[t]).toBeCloseTo(std, 5);
        expect(stats.layerNorm[l].after.mean[t]).toBeCloseTo(0, 5);
        expect(stats.layerNorm[l].after.std[t]).toBeCloseTo(std / Math.sqrt(std * std + 1e-5), 4);
        if (l > 0) {
          const prev = Array.from(flat[l - 1].subarray(t * C, (t + 1) * C));
          expect(stats.updates[l - 1][t]).toBeCloseTo(Math.hypot(...row.map((v, c) => v - prev[c])), 5);
        }
      }
      expect(stats.meanNorms[l]).toBeCloseTo(stats.norms[l].reduce((s, v) => s + v, 0) / T, 5);
    }
  });

  test('head-averaged attention keeps rows summing to 1', () => {
    const nh = 2;
    const T = 3;
    const a = new Float32Array(nh * T * T);
    for (let h = 0; h < nh; h++) for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) a[(h * T + i) * T + j] = 1 / (i + 1);
    const m = meanOverHeads(a, nh, T);
    for (const row of m) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect(m[0][1]).toBe(0);
  });

  test('topNext sorts by logit and its probabilities are the engine’s softmax', async () => {
    const logits = await randn([20]).data();
    const top = await topNext(logits, 3);
    const probs = await F.softmax(tensor(Array.from(logits)), -1).data();
    expect(top.map((r) => r.logit)).toEqual([...logits].sort((a, b) => b - a).slice(0, 3));
    for (const r of top) expect(r.p).toBeCloseTo(probs[r.id], 6);
  });
});
