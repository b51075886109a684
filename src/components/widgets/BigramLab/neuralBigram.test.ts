import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareNames, splitNames } from '../../../engine';
import { countTable, NAMES_SEED, nll, probabilities } from './bigramLab';
import { trainNeuralBigram } from './neuralBigram';

describe('neural bigram', () => {
  it('converges to the count model NLL within 0.02 on the names', async () => {
    const { train, val } = splitNames(prepareNames(readFileSync('public/data/names.txt', 'utf8')), NAMES_SEED);
    const counts = nll(probabilities(countTable(train)), train);
    const seen: number[] = [];
    const r = await trainNeuralBigram(train, val, { onProgress: (p) => seen.push(p.nllTrain) });
    expect(seen[0]).toBeGreaterThan(r.nllTrain);
    expect(Math.abs(r.nllTrain - counts)).toBeLessThan(0.02);
    expect(Math.abs(r.nllVal - nll(probabilities(countTable(train)), val))).toBeLessThan(0.05);
  }, 180_000); // 200 full-batch steps over ~25k bigrams: about a minute on a busy 2-core machine
});
