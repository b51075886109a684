import { describe, expect, it } from 'vitest';
import { attenuation, DEFAULT_FLOW, gradientNorms } from './gradientFlow';

describe('gradient flow through deep stacks', () => {
  it('sigmoid gradients vanish towards the input; ReLU with He scale stays level; large scale explodes', async () => {
    const sig = await gradientNorms({ ...DEFAULT_FLOW, activation: 'sigmoid' });
    expect(sig.norms).toHaveLength(10);
    expect(attenuation(sig.norms)).toBeGreaterThan(100);
    expect(DEFAULT_FLOW.gain).toBeCloseTo(Math.SQRT2, 1);
    const he = await gradientNorms({ ...DEFAULT_FLOW, activation: 'relu' });
    expect(attenuation(he.norms)).toBeGreaterThan(0.1);
    expect(attenuation(he.norms)).toBeLessThan(10);
    const big = await gradientNorms({ ...DEFAULT_FLOW, activation: 'relu', gain: 3 });
    expect(attenuation(big.norms)).toBeLessThan(0.01);
    const small = await gradientNorms({ ...DEFAULT_FLOW, activation: 'relu', gain: 0.7 });
    expect(attenuation(small.norms)).toBeGreaterThan(100);
  });
});
