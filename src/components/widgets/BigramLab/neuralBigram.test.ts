import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareNames, splitNames } from '../../../engine';
import { countTable, NAMES_SEED, nll, probabilities, V } from './bigramLab';
import { trainNeuralBigram, type NeuralProgress } from './neuralBigram';

describe('neural bigram (plain gradient descent)', () => {
  it('starts uniform, and learns the count table: NLL within 0.01, every row with 300+ pairs within 0.02', async () => {
    const { train, val } = splitNames(prepareNames(readFileSync('public/data/names.txt', 'utf8')), NAMES_SEED);
    const counts = countTable(train);
    const table = probabilities(counts);
    const seen: NeuralProgress[] = [];
    const r = await trainNeuralBigram(train, val, { onProgress: (p) => seen.push(p) });

    // W = 0: every next character equally likely, so the first loss is ln 27.
    expect(seen[0].step).toBe(0);
    expect(seen[0].nllTrain).toBeCloseTo(Math.log(27), 5);
    for (const p of seen[0].probs) expect(p).toBeCloseTo(1 / V, 6);
    expect(seen.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, k) => k * 10));

    expect(Math.abs(r.nllTrain - nll(table, train))).toBeLessThan(0.01);
    expect(Math.abs(r.nllVal - nll(table, val))).toBeLessThan(0.02);

    // Row by row: where a character starts at least 300 pairs (24 of the 27 rows; not q, x or z,
    // whose few pairs give their weights little gradient), softmax(W) matches the counted
    // probabilities to within 0.02 in every cell.
    let checked = 0;
    for (let i = 0; i < V; i++) {
      const total = counts.slice(i * V, i * V + V).reduce((a, b) => a + b, 0);
      if (total < 300) continue;
      checked++;
      for (let j = 0; j < V; j++) expect(Math.abs(r.probs[i * V + j] - table[i * V + j]), `row ${i}, column ${j}`).toBeLessThan(0.02);
    }
    expect(checked).toBe(24);
  }, 180_000); // 200 full-batch steps over ~53k bigrams: about a minute on a busy 2-core machine
});
