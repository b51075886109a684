import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrain } from '../engine/cli/train';
import { loadCheckpoint, memory } from '../engine/index';
import { TrainingSession, weightsHash, type StepProgress } from './training';
import { DEFAULT_CONFIG, type StudioConfig } from './trainingPlan';

const TEXT = 'the quick brown fox jumps over a lazy dog. a cat naps in the warm sun. '.repeat(30);
const TINY: StudioConfig = {
  ...DEFAULT_CONFIG,
  dataset: 'own',
  nLayer: 1,
  nHead: 2,
  nEmbd: 16,
  blockSize: 8,
  batchSize: 8,
  lr: 1e-2,
  warmup: 2,
  steps: 30,
  evalEvery: 10,
  sampleEvery: 15,
  checkpointEvery: 10,
};

describe('TrainingSession', () => {
  it('learns: validation loss falls from about ln V, samples and checkpoints arrive on schedule', async () => {
    const s = TrainingSession.create(TEXT, TINY);
    const events: StepProgress[] = [];
    const checkpoints: number[] = [];
    const end = await s.run({ onProgress: (p) => events.push(p), onCheckpoint: (_, step) => void checkpoints.push(step) });
    expect(end).toEqual({ reason: 'done', step: 30 });
    const V = s.summary().vocabSize;
    expect(s.curve.map((p) => p.step)).toEqual([0, 10, 20, 30]);
    expect(s.curve[0].val).toBeCloseTo(Math.log(V), 0);
    expect(s.curve[3].val).toBeLessThan(s.curve[0].val - 0.6);
    expect(s.samples.map((p) => p.step)).toEqual([15, 30]);
    expect(s.samples[1].text.length).toBeGreaterThan(50);
    expect(checkpoints).toEqual([0, 10, 20, 30]);
    expect(events.at(-1)!.tokensSeen).toBe(30 * 8 * 8);
    expect(events.at(-1)!.tokensPerS).toBeGreaterThan(0);
    // Warm-up ramps to the peak, then the cosine decays towards lr / 10.
    expect(events[1].lr).toBeLessThan(TINY.lr);
    expect(events.at(-1)!.lr).toBeCloseTo(TINY.lr / 10, 4);
  });

  it('pauses on abort with a checkpoint, and resumes the same curve where it stopped', async () => {
    const s = TrainingSession.create(TEXT, TINY);
    const controller = new AbortController();
    let saved: Uint8Array | null = null;
    const end = await s.run({
      signal: controller.signal,
      onProgress: (p) => p.step === 12 && controller.abort(),
      onCheckpoint: (b) => void (saved = b),
    });
    expect(end).toEqual({ reason: 'paused', step: 12 });
    const resumed = TrainingSession.resume(saved!, TEXT);
    expect(resumed.step).toBe(12);
    expect(resumed.curve.map((p) => p.step)).toEqual([0, 10]);
    expect(resumed.tokensSeen).toBe(12 * 64);
    expect(weightsHash(await resumed.save())).toBe(weightsHash(saved!));
    await resumed.run();
    expect(resumed.curve.map((p) => p.step)).toEqual([0, 10, 20, 30]);
  });

  it('stops on an exploding learning rate, says what to change, and keeps the last good checkpoint', async () => {
    const s = TrainingSession.create(TEXT, { ...TINY, lr: 100, warmup: 0, steps: 40, checkpointEvery: 1 });
    let lastGood: Uint8Array | null = null;
    const end = await s.run({ onCheckpoint: (b) => void (lastGood = b) });
    expect(end.reason).toBe('diverged');
    if (end.reason !== 'diverged') return;
    expect(end.message).toMatch(/lower the learning rate/);
    expect(end.lastGoodStep).toBe(end.step - 1);
    // The kept checkpoint is finite and resumes with a sane rate.
    const ckpt = loadCheckpoint(lastGood!);
    expect(ckpt.step).toBe(end.lastGoodStep);
    for (const t of ckpt.model.values()) expect(t.data.every(Number.isFinite)).toBe(true);
    const again = TrainingSession.resume(lastGood!, TEXT, { lr: 1e-3 });
    expect(again.config.lr).toBe(1e-3);
  });

  it('keeps memory flat: as many live tensors after 60 steps as after 10, as each step reports', async () => {
    const s = TrainingSession.create(TEXT, { ...TINY, steps: 60 });
    const live = new Map<number, number>();
    const reported = new Map<number, number>();
    await s.run({
      onProgress: (p) => {
        if (p.step === 0 || p.step % 10 !== 0) return;
        live.set(p.step, memory().tensors);
        reported.set(p.step, p.liveTensors);
      },
    });
    expect(live.size).toBe(6);
    expect(new Set(live.values()).size).toBe(1);
    expect(reported).toEqual(live);
  });

  it('refuses bad text and configs with reasons', () => {
    expect(() => TrainingSession.create('   ', TINY)).toThrow(/empty/);
    expect(() => TrainingSession.create('abcdefgh'.repeat(2), TINY)).toThrow(/at least 9/);
    expect(() => TrainingSession.create(TEXT, { ...TINY, nEmbd: 30, nHead: 4 })).toThrow(/divide evenly/);
    expect(() => TrainingSession.create(TEXT, { ...TINY, nLayer: 12, nEmbd: 768, nHead: 12, blockSize: 512, batchSize: 128 })).toThrow(/more than the 1\.5 GB/);
    const manyChars = Array.from({ length: 3000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('').repeat(2);
    expect(() => TrainingSession.create(manyChars, TINY)).toThrow(/BPE/);
  });

  it('trains a BPE vocabulary on the training split', async () => {
    const s = TrainingSession.create(TEXT, { ...TINY, tokenizer: 'bpe', bpeVocab: 280, steps: 3 });
    expect(s.summary().vocabSize).toBe(280);
    await s.run({ trainOnly: true });
    expect(s.step).toBe(3);
  });
});

describe('checkpoints round-trip with the CLI (npm run train)', () => {
  it('the CLI resumes a studio export, and the studio imports the CLI checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-cli-'));
    const data = join(dir, 'text.txt');
    const file = join(dir, 'model.safetensors');
    writeFileSync(data, TEXT);
    try {
      const s = TrainingSession.create(TEXT, { ...TINY, steps: 6 });
      await s.run();
      const exported = await s.save();
      writeFileSync(file, exported);

      const lines: string[] = [];
      const cli = ['--data', data, '--layers', '1', '--heads', '2', '--embd', '16', '--ctx', '8', '--batch', '8', '--eval-every', '5', '--eval-iters', '2', '--sample', '0'];
      await runTrain([...cli, '--resume', '--out', file, '--steps', '10'], (l) => lines.push(l));
      expect(lines[0]).toMatch(/^resuming .* at step 6/);
      expect(lines.filter((l) => l.startsWith('step')).map((l) => l.split(' | ')[0])).toEqual(['step    10']);
      const cliBytes = new Uint8Array(readFileSync(file));
      expect(loadCheckpoint(cliBytes).step).toBe(10);
      expect(weightsHash(cliBytes)).not.toBe(weightsHash(exported));

      // Back into the studio: settings come from the CLI's arguments, training carries on.
      const back = TrainingSession.resume(cliBytes, TEXT, { steps: 14 });
      expect(back.step).toBe(10);
      expect(back.config).toMatchObject({ dataset: 'own', nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 8, batchSize: 8, lr: 1e-3 });
      expect(weightsHash(await back.save())).toBe(weightsHash(cliBytes));
      const end = await back.run();
      expect(end).toEqual({ reason: 'done', step: 14 });
      expect(back.curve.at(-1)!.val).toBeLessThan(Math.log(back.summary().vocabSize));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI resumes a run whose BPE vocabulary was trained in the studio, on the same ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-cli-bpe-'));
    const data = join(dir, 'text.txt');
    const file = join(dir, 'model.safetensors');
    writeFileSync(data, TEXT);
    try {
      const s = TrainingSession.create(TEXT, { ...TINY, tokenizer: 'bpe', bpeVocab: 280, steps: 4 });
      await s.run();
      writeFileSync(file, await s.save());
      const lines: string[] = [];
      const cli = ['--data', data, '--layers', '1', '--heads', '2', '--embd', '16', '--ctx', '8', '--batch', '8', '--eval-every', '2', '--eval-iters', '2', '--sample', '0'];
      await runTrain([...cli, '--resume', '--out', file, '--steps', '6'], (l) => lines.push(l));
      expect(lines[0]).toMatch(/^resuming .* at step 4: .*vocab 280/);
      const ckpt = loadCheckpoint(new Uint8Array(readFileSync(file)));
      expect(ckpt.step).toBe(6);
      expect(ckpt.tokenizer!.vocabSize).toBe(280);
      // The CLI's loss is on the BPE ids: well under ln 280 after training, not a character model's.
      const loss = Number(lines.find((l) => l.startsWith('step     6'))!.match(/val ([\d.]+)/)![1]);
      expect(loss).toBeLessThan(Math.log(280));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
