import { describe, expect, test } from 'vitest';
import { IM_END, MARKERS } from '../../../models/chatTemplate';
import { sftApi, type SftProgress } from '../../../models/finetune';
import { prepareExamples, withChatMarkers } from '../../../models/sft';
import type { CallContext } from '../../../lib/worker';
import data from './conversations.json';
import { MODEL_CONFIG, makeModel, makeTrainer, pretrainingText, tokenizerFor, trainStep } from './sftLab';

const tok = tokenizerFor(data);

describe('the conversation set', () => {
  test('the pre-training text never shows the chat format; every conversation fits the tiny model', async () => {
    const pre = pretrainingText(data, 1);
    for (const m of [...MARKERS, 'Assistant', 'assistant']) expect(pre).not.toContain(m);
    expect(data.licence).toMatch(/CC0/);
    const gpt = await withChatMarkers(makeModel(tok.vocabSize, 1));
    const p = prepareExamples({ gpt, tokenizer: tok }, data.conversations);
    expect(p.skipped).toEqual({ unknown: 0, tooLong: 0, characters: [] });
    expect(Math.max(...p.examples.map((e) => e.ids.length))).toBeLessThanOrEqual(MODEL_CONFIG.blockSize);
  });
});

describe('SFT of the tiny model (seeded)', () => {
  test('fine-tuning teaches the end marker that pre-training never showed', async () => {
    const cfg = { ...MODEL_CONFIG, nEmbd: 32 };
    const model = makeModel(tok.vocabSize, 1, cfg);
    const ids = tok.encode(pretrainingText(data, 1));
    const t = makeTrainer(model, 1e-2, 1);
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const l = trainStep(t, ids, 8);
      losses.push(await l.item());
      l.dispose();
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0] - 1); // it learned something from the sentences
    const api = sftApi(() => ({ gpt: model, tokenizer: tok }));
    const prepared = await api.sftPrepare({ model: 'tiny', conversations: data.conversations });
    expect(prepared.pEndBase).toBeLessThan(0.01);
    const ctx = { signal: new AbortController().signal, progress: () => {} } as unknown as CallContext<SftProgress>;
    const result = await api.sftTrain({ steps: 60, lr: 1e-2, batchSize: 8 }, ctx);
    expect(result.pEndTuned).toBeGreaterThan(0.5);
    const { base, tuned } = await api.sftAsk({ question: 'What is the capital of France?' });
    expect(base.stopped).toBe(false); // the base model runs on: it has no notion of a turn
    expect(tuned!.stopped).toBe(true);
    expect(tuned!.tokens.at(-1)!.text).toBe(IM_END);
  }, 120_000);
});
