import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrain } from './train';

const TINY = ['--layers', '1', '--heads', '2', '--embd', '16', '--ctx', '8', '--batch', '4', '--eval-every', '4', '--eval-iters', '2', '--sample', '0'];

// The step lines without the speed column, which differs from run to run.
async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await runTrain([...TINY, ...args], (l) => lines.push(l));
  return lines.filter((l) => l.startsWith('step')).map((l) => l.split(' | ').slice(0, 3).join(' | '));
}

describe('npm run train', () => {
  it('prints losses, saves a checkpoint, and --resume continues the same curve', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
    const data = join(dir, 'text.txt');
    // 28 distinct characters; any text file works as --data.
    writeFileSync(data, 'the quick brown fox jumps over a lazy dog. '.repeat(40));
    try {
      const straight = await run(['--data', data, '--steps', '12', '--out', join(dir, 'a.safetensors')]);
      expect(straight.map((l) => l.split(' | ')[0])).toEqual(['step     0', 'step     4', 'step     8', 'step    12']);
      expect(Number(straight[0].split('val ')[1])).toBeCloseTo(Math.log(28), 0);

      const out = join(dir, 'b.safetensors');
      const firstHalf = await run(['--data', data, '--steps', '8', '--out', out]);
      const secondHalf = await run(['--data', data, '--steps', '12', '--out', out, '--resume']);
      expect([...firstHalf, ...secondHalf]).toEqual(straight);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--threads 2 trains the same curve as one thread, to the last digit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
    const data = join(dir, 'text.txt');
    writeFileSync(data, 'the quick brown fox jumps over a lazy dog. '.repeat(40));
    // Big enough that the linear layers' matmuls (256 × 64 × 256) split across the threads.
    const size = ['--embd', '64', '--ctx', '32', '--batch', '8', '--data', data, '--steps', '8'];
    try {
      const lines: string[] = [];
      await runTrain([...TINY, ...size, '--threads', '2', '--out', join(dir, 'b.safetensors')], (l) => lines.push(l));
      expect(lines[0]).toMatch(/2 CPU threads for large matmuls$/);
      const two = lines.filter((l) => l.startsWith('step')).map((l) => l.split(' | ').slice(0, 3).join(' | '));
      const one = await run([...size, '--out', join(dir, 'a.safetensors')]);
      expect(two).toHaveLength(3);
      expect(two).toEqual(one);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains a bad argument and a missing checkpoint', async () => {
    await expect(runTrain(['--steps', 'many'])).rejects.toThrow(/--steps must be a number/);
    await expect(runTrain(['--threads', '1.5'])).rejects.toThrow(/--threads must be a whole number ≥ 1 or auto, got "1.5"/);
    await expect(runTrain([...TINY, '--resume', '--out', join(tmpdir(), 'does-not-exist.safetensors')])).rejects.toThrow(/no checkpoint at/);
  });
});
