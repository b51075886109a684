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

  it('the last norm is that of d MSE / d output = 2(h − target)/N, and nothing is left allocated', async () => {
    const before = memory().tensors;
    const { norms, loss } = await gradientNorms(DEFAULT_FLOW);
    const n = DEFAULT_FLOW.batch * DEFAULT_FLOW.width;
    // ‖2(h − t)/N‖ = (2/N)·√(Σ(h − t)²) = (2/N)·√(N·loss)
    expect(norms.at(-1)).toBeCloseTo((2 / n) * Math.sqrt(n * loss), 6);
    expect(memory().tensors).toBe(before);
  });
});
