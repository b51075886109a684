import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, PRESETS } from '../../../models/trainingPlan';
import { applyPreset, configFromSearch, configToParams, decodeTextFile, etaSeconds, matchPreset, resumeChanges, structuralDifferences } from './trainingStudio';

describe('TrainingStudio settings', () => {
  it('round-trips a config through the URL and ignores bad values', () => {
    const c = { ...applyPreset(DEFAULT_CONFIG, 'nanogpt-cpu'), dataset: 'names' as const, tokenizer: 'bpe' as const, bpeVocab: 384 };
    const search = '?' + new URLSearchParams(Object.entries(configToParams(c)).map(([k, v]) => [k, String(v)])).toString();
    expect(configFromSearch(search)).toEqual(c);
    const bad = configFromSearch('?ts.layers=-3&ts.lr=abc&ts.data=web&ts.steps=1e9&ts.ctx=16');
    expect(bad).toEqual({ ...DEFAULT_CONFIG, blockSize: 16 });
  });

  it('names the preset a config matches, smallest first, else custom', () => {
    expect(PRESETS.map((p) => p.name)).toEqual(['tiny', 'nanogpt-cpu', 'large']);
    expect(matchPreset(DEFAULT_CONFIG)).toBe('tiny');
    expect(matchPreset(applyPreset(DEFAULT_CONFIG, 'large'))).toBe('large');
    expect(matchPreset({ ...DEFAULT_CONFIG, nLayer: 3 })).toBe('custom');
  });

  it('lets a resume change the rate and length but not the model or data', () => {
    const saved = DEFAULT_CONFIG;
    expect(resumeChanges(saved, { ...saved, lr: 1e-4, steps: 900 })).toEqual({ lr: 1e-4, steps: 900 });
    expect(resumeChanges(saved, saved)).toEqual({});
    expect(structuralDifferences(saved, { ...saved, nEmbd: 128, dataset: 'own' })).toEqual(['dataset', 'nEmbd']);
    expect(structuralDifferences(saved, { ...saved, bpeVocab: 999 })).toEqual([]); // a character run ignores the BPE size
  });

  it('estimates the time left and decodes files leniently', () => {
    expect(etaSeconds(100, 400, 0.5)).toBe(150);
    expect(etaSeconds(500, 400, 0.5)).toBe(0);
    expect(decodeTextFile(new Uint8Array([0x68, 0x69, 0xff]))).toBe('hi\uFFFD');
  });
});
