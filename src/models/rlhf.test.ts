import { describe, expect, test } from 'vitest';
import { CharTokenizer, manualSeed, nn } from '../engine/index';
import { labelerScore } from './labeler';
import { RlhfSession, autoLabel, bagOfTokens, type Sample } from './rlhf';
import type { LoadedModel } from './service';

/** A tiny untrained GPT over a few characters, wrapped as the model service holds one. */
function tinyModel(): LoadedModel {
  manualSeed(3);
  const tokenizer = new CharTokenizer([...'abcdefgh ']);
  const gpt = new nn.GPT({ vocabSize: tokenizer.vocabSize, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16 });
  gpt.eval();
  return {
    gpt,
    tokenizer,
    info: { id: 'tiny', source: 'bytes', name: 'tiny', config: gpt.config, parameters: gpt.numParameters(), tokenizer: { type: 'char', vocabSize: tokenizer.vocabSize }, step: 0 },
  };
}

describe('the labeler and the reward model’s view', () => {
  test('labeler rule by hand: vowels count, repeated three-character runs cost 2 each', () => {
    expect(labelerScore(' the sea')).toBe(3); // e, e, a; no repeats
    expect(labelerScore(' you you')).toBe(4 - 2 * 2); // o, u, o, u; " yo" and "you" come back
    expect(labelerScore(' you you you')).toBe(6 - 2 * 6);
    expect(labelerScore('')).toBe(0);
    const a: Sample = { ids: [], text: 'aaa' };
    expect(autoLabel(a, { ids: [], text: 'bcd' })?.winner).toBe('a');
    expect(autoLabel(a, { ids: [], text: 'eio' })).toBeNull(); // 3 against 3: a tie is skipped
  });

  test('the bag of tokens ignores order', () => {
    expect(Array.from(bagOfTokens([2, 0, 2], 4))).toEqual([1, 0, 2, 0]);
    expect(Array.from(bagOfTokens([2, 2, 0], 4))).toEqual(Array.from(bagOfTokens([2, 0, 2], 4)));
  });
});

describe('RLHF on a GPT', () => {
  test('prompts are checked where the reader typed them', async () => {
    const m = tinyModel();
    await expect(RlhfSession.start(m, '')).rejects.toThrow(/prompt is empty/);
    await expect(RlhfSession.start(m, 'a'.repeat(100_001))).rejects.toThrow(/100,001 characters; the limit is 100,000/);
    await expect(RlhfSession.start(m, 'a 🐳')).rejects.toThrow(/🐳/);
  });

  test('policy-gradient steps raise the reward of a known target, and the KL starts at zero', async () => {
    const m = tinyModel();
    const s = await RlhfSession.start(m, 'ab ', { length: 6, batch: 16, lr: 1e-2, seed: 5 });
    // The reader's taste: the continuation with more 'h' wins.
    const h = (x: Sample) => x.ids.filter((t) => m.tokenizer.decode([t]) === 'h').length;
    for (let i = 0; i < 150; i++) {
      const { a, b } = await s.nextPair();
      if (h(s.pending!.a) !== h(s.pending!.b)) s.prefer(h(s.pending!.a) > h(s.pending!.b) ? 'a' : 'b');
      expect(a.length + b.length).toBeGreaterThan(0);
    }
    const rm = s.trainRewardModel();
    expect(rm.favourite[0].text).toBe('h');
    expect(rm.heldOutAccuracy!).toBeGreaterThan(0.8);
    const start = await s.evaluateStart();
    const first = await s.rlStep(0);
    expect(first.kl).toBeLessThan(1e-5); // measured before the step moved anything
    let last = first;
    for (let i = 0; i < 30; i++) last = await s.rlStep(0);
    expect(last.step).toBe(31);
    expect(last.reward).toBeGreaterThan(start.reward + 1);
    expect(last.kl).toBeGreaterThan(0.05);
    expect(last.samples.join('').split('h').length - 1).toBeGreaterThan(start.samples.join('').split('h').length - 1);
    s.reset();
    expect((await s.rlStep(0)).kl).toBeLessThan(1e-5);
    s.dispose();
  }, 60_000);
});
