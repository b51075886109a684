import { describe, expect, it } from 'vitest';
import { BufferPool } from './pool';
import { cpuBackend } from './cpuBackend';
import { GPT } from '../../nn/gpt';
import { Trainer } from '../../train/trainer';
import { prepareCorpus } from '../../data/corpus';
import { readDatasetText } from '../../data/fs';
import { manualSeed, memory } from '../../tensor';

describe('BufferPool', () => {
  it('hands a given-back array out again for the same length only', () => {
    const pool = new BufferPool(1000);
    const a = pool.take(10);
    pool.give(a);
    expect(pool.pooledFloats).toBe(10);
    expect(pool.take(11)).not.toBe(a);
    expect(pool.take(10)).toBe(a);
    expect(pool.pooledFloats).toBe(0);
  });

  it('keeps no more than its limit, and never a view into a larger buffer', () => {
    const pool = new BufferPool(15);
    pool.give(new Float32Array(10));
    pool.give(new Float32Array(10)); // over the limit: left to the GC
    expect(pool.pooledFloats).toBe(10);
    pool.give(new Float32Array(20).subarray(0, 4));
    expect(pool.pooledFloats).toBe(10);
  });
});

describe('the CPU backend while a GPT trains', () => {
  it('reuses its arrays: live buffers, tensors and pooled floats stay flat over 30 steps, and the loss falls', async () => {
    manualSeed(7);
    const corpus = prepareCorpus((await readDatasetText('names')).slice(0, 5000), 'names');
    const trainer = new Trainer(new GPT({ vocabSize: corpus.tokenizer.vocabSize, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 }), corpus, { batchSize: 8, lr: 3e-3 });
    const seen: { buffers: number; tensors: number; pooled: number }[] = [];
    const losses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const loss = trainer.trainStep();
      losses.push(await loss.item());
      loss.dispose();
      seen.push({ buffers: cpuBackend.liveBuffers(), tensors: memory().tensors, pooled: cpuBackend.pool.pooledFloats });
    }
    // From the second step on, every step takes back exactly what it gave.
    for (const s of seen.slice(2)) expect(s).toEqual(seen[1]);
    expect(seen[1].pooled).toBeGreaterThan(0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) - 0.3);
  });
});
