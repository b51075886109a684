// The shipped reference model is what its card says: loads in Node, has the card's size, and its
// validation loss recomputed here matches the card.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { gptFromCheckpoint, loadCheckpoint, splitText, type BpeTokenizer } from '../src/engine/index';
import { readDatasetText } from '../src/engine/data/fs';
import { sliceLoss } from './reference-eval';
import { RECIPE } from './train-reference';

const DIR = 'public/models/reference';
const card = JSON.parse(readFileSync(`${DIR}/card.json`, 'utf8'));
const bytes = new Uint8Array(readFileSync(`${DIR}/model.safetensors`));

test('the file is at most 5 MB and is the recipe’s model', () => {
  expect(bytes.length).toBeLessThanOrEqual(5 * 1024 * 1024);
  expect(card.bytes).toBe(bytes.length);
  const ckpt = loadCheckpoint(bytes);
  expect(ckpt.config).toMatchObject({ ...RECIPE.model, vocabSize: RECIPE.vocabSize });
  expect(ckpt.optimizer).toBeNull();
  expect(ckpt.step).toBe(RECIPE.steps);
  expect(gptFromCheckpoint(ckpt).numParameters()).toBe(card.parameters);
});

test('its validation loss recomputed from the file matches the card within 0.02', async () => {
  const ckpt = loadCheckpoint(bytes);
  const model = gptFromCheckpoint(ckpt);
  const { val } = splitText(await readDatasetText('moby'));
  const loss = await sliceLoss(model, ckpt.tokenizer as BpeTokenizer, val);
  expect(Math.abs(loss - card.loss.sliceNatsPerToken)).toBeLessThan(0.02);
}, 120_000);

test('it beats the 812,928-parameter character model in bits per character on the same validation text', () => {
  const characterModelBitsPerChar = 1.7966 / Math.LN2; // bench/README.md, 2,000-step recipe
  expect(card.loss.valBitsPerChar).toBeLessThan(characterModelBitsPerChar);
  expect(card.heads).toHaveLength(RECIPE.model.nLayer * RECIPE.model.nHead);
});
