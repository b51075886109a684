import { describe, expect, it } from 'vitest';
import { BufferPool } from './pool';
import { cpuBackend } from './cpuBackend';
import { GPT } from '../../nn/gpt';
import { Trainer } from '../../train/trainer';
import { prepareCorpus } from '../../data/corpus';
import { readDatasetText } from '../../data/fs';
import { manualSeed, memory, tensor } from '../../tensor';

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

  it('when full, makes room by dropping the lengths taken least recently', () => {
    const pool = new BufferPool(30);
    const [a, b, c] = [pool.take(10), pool.take(8), pool.take(6)];
    pool.give(a);
    pool.give(b);
    pool.give(c);
    expect(pool.take(10)).toBe(a); // 10 is now the most recently taken length, then 6, then 8
    pool.give(a);
    pool.give(new Float32Array(9)); // 33 floats: the 8 goes
    expect(pool.pooledFloats).toBe(25);
    expect(pool.take(8)).not.toBe(b);
    expect(pool.take(10)).toBe(a);
    expect(pool.take(6)).toBe(c);
    expect(pool.freshArrays).toBe(4); // a, b, c and the second 8
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

  it('a run with evaluation and sampling between steps keeps the live tensor count and allocates nothing after warm-up', async () => {
    manualSeed(11);
    const corpus = prepareCorpus((await readDatasetText('names')).slice(0, 5000), 'names');
    const model = new GPT({ vocabSize: corpus.tokenizer.vocabSize, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 });
    const trainer = new Trainer(model, corpus, { batchSize: 8, lr: 3e-3, evalIters: 2 });
    const start = tensor([[0]]);
    const tensors: number[] = [];
    const fresh: number[] = [];
    for (let i = 1; i <= 30; i++) {
      const loss = trainer.trainStep();
      await loss.item();
      loss.dispose();
      if (i % 10 === 0) {
        await trainer.estimateLoss();
        (await model.generate(start, 12, { seed: i })).dispose();
      }
      tensors[i] = memory().tensors;
      fresh[i] = cpuBackend.pool.freshArrays;
    }
    start.dispose();
    expect(tensors[30]).toBe(tensors[3]);
    expect(tensors.slice(3)).toEqual(Array(28).fill(tensors[3]));
    // Steps after the second make no new arrays. The first evaluation and sample make the arrays
    // of each context length 1…8 (412 measured, about 50 a forward); later ones reuse them.
    expect(fresh[9] - fresh[2]).toBe(0);
    expect(fresh[10] - fresh[9]).toBeLessThanOrEqual(450);
    expect(fresh[30] - fresh[10]).toBe(0);
  });
});

