import { describe, expect, it } from 'vitest';
import { memory } from '../../../engine';
import { attenuation, DEFAULT_FLOW, gradientNorms } from './gradientFlow';

describe('gradient flow through deep stacks', () => {
  it('sigmoid gradients vanish towards the input; ReLU with He scale stays level; large scale explodes', async () => {
    const sig = await gradientNorms({ ...DEFAULT_FLOW, activation: 'sigmoid' });
    expect(sig.norms).toHaveLength(10);
    expect(attenuation(sig.norms)).toBeGreaterThan(100);
    const he = await gradientNorms({ ...DEFAULT_FLOW, activation: 'relu' });
    expect(attenuation(he.norms)).toBeGreaterThan(0.1);
    expect(attenuation(he.norms)).toBeLessThan(10);
    const big = await gradientNorms({ ...DEFAULT_FLOW, activation: 'relu', gain: 3 });
    expect(attenuation(big.norms)).toBeLessThan(0.01);
    const small = await gradientNorms({ ...DEFAULT_FLOW, activation: 'relu', gain: 0.7 });
    expect(attenuation(small.norms)).toBeGreaterThan(100);
  });

  it('residual connections level the bars: layer 1 within 10× of the last layer, where without them it is not', async () => {
    for (const activation of ['sigmoid', 'tanh', 'relu'] as const)
      for (const depth of [2, 10, 20])
        for (const gain of [0.7, 1.4]) {
          const r = attenuation((await gradientNorms({ ...DEFAULT_FLOW, activation, depth, gain, residual: true })).norms);
          expect(r, `${activation}, ${depth} layers, gain ${gain}`).toBeGreaterThan(0.1);
          expect(r, `${activation}, ${depth} layers, gain ${gain}`).toBeLessThan(10);
        }
    // The default sigmoid stack: about 38,000 times less without, within 10% with.
    const plain = attenuation((await gradientNorms({ ...DEFAULT_FLOW, residual: false })).norms);
    const res = attenuation((await gradientNorms({ ...DEFAULT_FLOW, residual: true })).norms);
    expect(plain).toBeGreaterThan(1e4);
    expect(res).toBeGreaterThan(0.9);
    expect(res).toBeLessThan(1.1);
    // Without them a deep stack vanishes (sigmoid; ReLU below He scale) or explodes (ReLU above it).
    expect(attenuation((await gradientNorms({ ...DEFAULT_FLOW, activation: 'relu', depth: 20, gain: 0.7 })).norms)).toBeGreaterThan(1e5);
    expect(attenuation((await gradientNorms({ ...DEFAULT_FLOW, activation: 'tanh', depth: 20, gain: 0.7 })).norms)).toBeGreaterThan(1e3);
  });

  it('the last norm is that of d MSE / d output = 2(h − target)/N, and nothing is left allocated', async () => {
    const before = memory().tensors;
    const { norms, loss } = await gradientNorms(DEFAULT_FLOW);
    const n = DEFAULT_FLOW.batch * DEFAULT_FLOW.width;
    // ‖2(h − t)/N‖ = (2/N)·√(Σ(h − t)²) = (2/N)·√(N·loss)
    expect(norms.at(-1)).toBeCloseTo((2 / n) * Math.sqrt(n * loss), 6);
    expect(memory().tensors).toBe(before);
  });
});
