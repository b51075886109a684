// The check's model and recipe on the CPU: it learns (the device-loss path itself is tested in
// src/engine/train/fallback.test.ts on Dawn).
import { expect, test } from 'vitest';
import { currentBackend } from '../../engine/index';
import { runCheck, type Progress } from './webGpuTrainCheck';

test('30 CPU steps of the check lower the loss by more than 0.5 nats, reporting every step', async () => {
  const seen: Progress[] = [];
  const final = await runCheck({ steps: 30, cpu: currentBackend(), reason: 'CPU for the test', onProgress: (p) => seen.push(p) });
  expect(seen.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  expect(final).toMatchObject({ step: 30, backend: 'cpu', fallbackStep: null, resumedFrom: null, reason: 'CPU for the test' });
  expect(final.loss).toBeLessThan(final.firstLoss - 0.5);
}, 60_000);
