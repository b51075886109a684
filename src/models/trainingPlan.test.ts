import { describe, expect, it } from 'vitest';
import { nn } from '../engine/index';
import { DEFAULT_CONFIG, PRESETS, checkOwnText, configProblems, corpusProblem, estimateMemory, learningRateAt, memoryProblem, parameterCount } from './trainingPlan';

describe('training plan', () => {
  it('counts parameters exactly as the engine', () => {
    for (const p of PRESETS) {
      const c = { ...p.config, vocabSize: 89 };
      expect(parameterCount(c, 89)).toBe(nn.gptParameterCount(c).total);
    }
    expect(parameterCount(PRESETS[1].config, 89)).toBe(new nn.GPT({ ...PRESETS[1].config, vocabSize: 89 }).numParameters());
  });

  it('warms up linearly, then decays along a cosine to a tenth', () => {
    const c = { lr: 1e-3, warmup: 9, steps: 109 };
    expect(learningRateAt(0, c)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(9, c)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(59, c)).toBeCloseTo(5.5e-4, 12);
    expect(learningRateAt(109, c)).toBeCloseTo(1e-4, 12);
  });

  it('sizes the presets to the backend: the large one fits a GPU budget only', () => {
    expect(memoryProblem({ ...DEFAULT_CONFIG, ...PRESETS[1].config }, 89, 'cpu')).toBeNull();
    expect(memoryProblem({ ...DEFAULT_CONFIG, ...PRESETS[2].config }, 89, 'webgpu')).toBeNull();
    const huge = { ...DEFAULT_CONFIG, nLayer: 12, nHead: 12, nEmbd: 768, blockSize: 512, batchSize: 64 };
    expect(estimateMemory(huge, 50257).totalBytes).toBeGreaterThan(3 * 2 ** 30);
    expect(memoryProblem(huge, 50257, 'webgpu')).toMatch(/more than the 3\.0 GB a run may use on the GPU/);
  });

  it('explains bad settings and bad text', () => {
    expect(configProblems(DEFAULT_CONFIG)).toEqual([]);
    expect(configProblems({ ...DEFAULT_CONFIG, nEmbd: 50, nHead: 4 }).join(' ')).toMatch(/try a width of 52/);
    expect(configProblems({ ...DEFAULT_CONFIG, lr: NaN }).join(' ')).toMatch(/lr must be between/);
    expect(configProblems({ ...DEFAULT_CONFIG, nLayer: 2.5 }).join(' ')).toMatch(/whole number/);
    expect(checkOwnText('').error).toMatch(/empty/);
    expect(checkOwnText('PNG\u0000\u0000IHDR').error).toMatch(/binary/);
    expect(checkOwnText('x'.repeat(10), 6 * 2 ** 20).error).toMatch(/up to 5\.0 MB/);
    const emoji = checkOwnText('😀🐳🌊'.repeat(33_334));
    expect(emoji.error).toBeNull();
    expect(emoji.chars).toBe(100_002);
    expect(emoji.note).toMatch(/3 distinct symbols, e\.g\. emoji/);
    expect(checkOwnText('Call me Ishmael.')).toMatchObject({ error: null, note: null, distinct: 10 });
    expect(corpusProblem(100, 9, 8)).toBeNull();
    expect(corpusProblem(100, 8, 8)).toMatch(/at least 9/);
  });
});
