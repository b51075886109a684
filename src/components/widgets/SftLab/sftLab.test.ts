import { describe, expect, test } from 'vitest';
import data from './conversations.json';
import {
  answer,
  checkQuestion,
  cloneModel,
  END,
  endProbability,
  fineTuningText,
  formatConversation,
  makeModel,
  makeTrainer,
  pretrainingText,
  tokenizerFor,
  trainStep,
} from './sftLab';

const tok = tokenizerFor(data);

describe('the conversation set', () => {
  test('plain text never shows the chat format; the fine-tuning text always does', () => {
    const pre = pretrainingText(data, 1);
    expect(pre).not.toContain('Assistant:');
    expect(pre).not.toContain(END);
    const ft = fineTuningText(data, 1);
    expect(ft.split(END).length - 1).toBe(data.conversations.length * 4);
    expect(formatConversation({ user: 'Hi', assistant: 'Hello.' })).toBe(`User: Hi\nAssistant: Hello.${END}\n`);
  });

  test('questions the tiny model cannot take get clear messages', () => {
    expect(checkQuestion('  ', tok)).toBe('Type a question first.');
    expect(checkQuestion('x'.repeat(100_000), tok)).toMatch(/100,000 characters; this tiny model takes at most 120/);
    expect(checkQuestion('🐋?', tok)).toMatch(/no '🐋'/);
    expect(checkQuestion('What is the capital of Peru?', tok)).toBeNull();
  });
});

describe('SFT at toy scale (seeded)', () => {
  test('fine-tuning teaches the end marker that pre-training never showed', async () => {
    const cfg = { blockSize: 48, nLayer: 2, nHead: 2, nEmbd: 32, dropout: 0 };
    const model = makeModel(tok.vocabSize, 1, cfg);
    const pre = tok.encode(pretrainingText(data, 1));
    const ft = tok.encode(fineTuningText(data, 1));
    let t = makeTrainer(model, 1e-2, 1);
    const losses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const l = trainStep(t, pre, 8);
      losses.push(await l.item());
      l.dispose();
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0] - 1); // it learned something from the sentences
    const base = cloneModel(model);
    const probe = data.conversations.slice(0, 10);
    const before = await endProbability(base, tok, probe);
    expect(before).toBeLessThan(0.01);
    const baseAnswer = await answer(base, tok, 'What is the capital of France?', 30);
    expect(baseAnswer.stopped).toBe(false); // the base model runs on: it has no notion of a turn
    t = makeTrainer(model, 1e-2, 2);
    for (let i = 0; i < 60; i++) trainStep(t, ft, 8).dispose();
    const after = await endProbability(model, tok, probe);
    expect(after).toBeGreaterThan(0.5);
    expect(await endProbability(base, tok, probe)).toBe(before); // the copy kept the base weights
  }, 120_000);
});
