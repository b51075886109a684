// A smoke test of the reference recipe: the same script, 20 steps, written beside the checkpoints
// (a shortened run never touches the shipped model).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { expect, test } from 'vitest';
import { learningRate, RECIPE } from './train-reference';

test('npm run train:reference -- --steps 20 trains, evaluates and writes a card', () => {
  const dir = 'checkpoints/reference-20';
  rmSync(dir, { recursive: true, force: true });
  rmSync('checkpoints/reference-20.safetensors', { force: true });
  const log = execFileSync('npx', ['tsx', 'scripts/train-reference.ts', '--steps', '20'], { encoding: 'utf8' });
  expect(log).toMatch(/BPE: 1024 tokens/);
  const card = JSON.parse(readFileSync(`${dir}/card.json`, 'utf8'));
  expect(card.parameters).toBe(940_800);
  expect(card.tokensSeen).toBe(20 * RECIPE.batchSize * RECIPE.model.blockSize);
  // 20 steps from a uniform start (ln 1024 = 6.93 nats): the loss has begun to fall.
  expect(card.curve[0].val).toBeCloseTo(Math.log(1024), 0);
  expect(card.loss.valNatsPerToken).toBeLessThan(card.curve[0].val - 0.2);
  expect(card.heads).toHaveLength(RECIPE.model.nLayer * RECIPE.model.nHead);
  expect(existsSync(`${dir}/card.md`)).toBe(true);
  expect(existsSync(`${dir}/model.safetensors`)).toBe(true);
}, 600_000);

test('the schedule warms up linearly, peaks at lr and decays to minLr', () => {
  expect(learningRate(0, 1000)).toBeCloseTo(RECIPE.lr / RECIPE.warmup, 12);
  expect(learningRate(RECIPE.warmup - 1, 1000)).toBeCloseTo(RECIPE.lr, 12);
  expect(learningRate(RECIPE.warmup, 1000)).toBeCloseTo(RECIPE.lr, 12);
  expect(learningRate(1000, 1000)).toBeCloseTo(RECIPE.minLr, 12);
});
