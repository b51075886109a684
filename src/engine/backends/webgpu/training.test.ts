// Engine-level checks on WebGPU (Dawn over SwiftShader in Node): the same seeded training runs
// follow the CPU's loss curve, memory stays flat over many steps, and a run survives a device
// destroyed mid-training by carrying on on the CPU from its last snapshot.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Backend } from '../../backend';
import { manualSeed, memory, tensor, tidy } from '../../tensor';
import { MLP } from '../../nn/mlp';
import { GPT } from '../../nn/gpt';
import { crossEntropy } from '../../ops/nn';
import { SGD } from '../../optim';
import { prepareCorpus } from '../../data/corpus';
import { Trainer } from '../../train/trainer';
import { cpuBackend } from '../cpu';
import { setBackend } from '../registry';
import { restoreTraining, snapshotTraining } from '../../train/snapshot';
import { nodeWebGpuBackend } from './nodeGpu';
import type { WebGpuBackend } from './webgpuBackend';

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await nodeWebGpuBackend();
});
afterAll(() => {
  setBackend(cpuBackend);
  gpu?.destroy();
});

const TEXT = 'first citizen: before we proceed any further, hear me speak. all: speak, speak. '.repeat(30);
const GPT_CONFIG = { blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32, dropout: 0 };

/** Losses of `steps` seeded steps of a tiny GPT on `backend` (same seed, same init, same batches). */
async function gptLosses(backend: Backend, steps: number): Promise<number[]> {
  setBackend(backend);
  manualSeed(1337);
  const corpus = prepareCorpus(TEXT, 'prose');
  const model = new GPT({ vocabSize: corpus.tokenizer.vocabSize, ...GPT_CONFIG });
  const trainer = new Trainer(model, corpus, { batchSize: 4, lr: 3e-3 });
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = trainer.trainStep();
    losses.push(await loss.item());
    loss.dispose();
  }
  for (const p of model.parameters()) p.dispose();
  return losses;
}

/** A 2-16-16-1 tanh MLP fitting XOR-like labels with SGD + momentum; returns the losses. */
async function mlpLosses(backend: Backend, steps: number): Promise<number[]> {
  setBackend(backend);
  manualSeed(7);
  const net = new MLP([2, 16, 16, 1], 'tanh');
  const opt = new SGD(net.parameters(), { lr: 0.05, momentum: 0.9 });
  const pts = Array.from({ length: 64 }, (_, i) => [Math.cos(i * 2.4) * (1 + (i % 3)), Math.sin(i * 1.7) * (1 + (i % 5) / 2)]);
  const x = tensor(pts);
  const y = tensor(pts.map(([a, b]) => [a * b > 0 ? 1 : -1]));
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = tidy(() => {
      const l = net.forward(x).sub(y).pow(2).mean();
      opt.zeroGrad();
      l.backward();
      opt.step();
      return l.detach();
    });
    losses.push(await loss.item());
    loss.dispose();
  }
  for (const t of [x, y, ...net.parameters()]) t.dispose();
  return losses;
}

function expectSameCurve(what: string, gpuLosses: number[], cpuLosses: number[], rtol: number) {
  expect(gpuLosses.length).toBe(cpuLosses.length);
  let worst = 0;
  gpuLosses.forEach((l, i) => {
    const rel = Math.abs(l - cpuLosses[i]) / Math.abs(cpuLosses[i]);
    worst = Math.max(worst, rel);
    if (!(rel <= rtol)) throw new Error(`step ${i}: loss ${l} on WebGPU vs ${cpuLosses[i]} on the CPU (beyond ${rtol} relative)`);
  });
  console.log(`${what}: loss ${cpuLosses[0].toFixed(4)} → ${cpuLosses.at(-1)!.toFixed(4)} on the CPU; largest relative difference on WebGPU ${worst.toExponential(1)}`);
}

describe('training on WebGPU follows the CPU', () => {
  test('an MLP: 100 SGD steps', async () => {
    const c = await mlpLosses(cpuBackend, 100);
    const g = await mlpLosses(gpu, 100);
    expect(c[99]).toBeLessThan(c[0] * 0.5);
    expectSameCurve('MLP, 100 steps', g, c, 1e-4);
  });

  test('a GPT: 50 AdamW steps', async () => {
    const c = await gptLosses(cpuBackend, 50);
    const g = await gptLosses(gpu, 50);
    expect(c[0]).toBeCloseTo(Math.log(prepareCorpus(TEXT, 'prose').tokenizer.vocabSize), 0);
    expect(c[49]).toBeLessThan(c[0] - 0.5);
    expectSameCurve('GPT, 50 steps', g, c, 1e-4);
  }, 120_000);
});

describe('a masked loss on WebGPU', () => {
  test('crossEntropy with ignoreIndex: the count of kept rows is made on the GPU, loss and gradient match the CPU', async () => {
    const run = async (backend: Backend) => {
      setBackend(backend);
      const logits = tensor(Array.from({ length: 6 }, (_, r) => Array.from({ length: 7 }, (_, c) => Math.sin(r * 7 + c))), { requiresGrad: true });
      const loss = crossEntropy(logits, tensor([3, -100, 0, -100, -100, 6]), { ignoreIndex: -100 });
      loss.backward();
      const out = { loss: await loss.item(), grad: Array.from(await logits.grad!.data()) };
      for (const t of [loss, logits.grad!, logits]) t.dispose();
      return out;
    };
    const [g, c] = [await run(gpu), await run(cpuBackend)];
    expect(g.loss).toBeCloseTo(c.loss, 5);
    g.grad.forEach((v, i) => expect(v).toBeCloseTo(c.grad[i], 5));
    expect(c.grad.slice(7, 14)).toEqual(Array(7).fill(0));
  });
});

describe('memory on WebGPU', () => {
  test('live buffers and tensors stay flat over a long run of GPT steps', async () => {
    setBackend(gpu);
    manualSeed(1);
    const corpus = prepareCorpus(TEXT, 'prose');
    const model = new GPT({ vocabSize: corpus.tokenizer.vocabSize, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0 });
    const trainer = new Trainer(model, corpus, { batchSize: 2, lr: 1e-3 });
    const step = async () => {
      const loss = trainer.trainStep();
      const v = await loss.item();
      loss.dispose();
      return v;
    };
    for (let i = 0; i < 5; i++) await step(); // optimizer state exists from here on
    const buffers = gpu.liveBuffers();
    const tensors = memory().tensors;
    const created = gpu.poolStats().created;
    // 1,000 steps take ~26 s on SwiftShader with the machine to itself; on a busy machine the
    // check stops at 30 s and still needs 200.
    const t0 = performance.now();
    let steps = 0;
    while (steps < 1000 && performance.now() - t0 < 30_000) {
      expect(Number.isFinite(await step())).toBe(true);
      steps++;
    }
    console.log(`memory check: ${steps} GPT steps on WebGPU in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(steps).toBeGreaterThanOrEqual(200);
    expect(gpu.liveBuffers()).toBe(buffers);
    expect(memory().tensors).toBe(tensors);
    expect(gpu.poolStats().created).toBe(created);
    for (const p of model.parameters()) p.dispose();
  }, 90_000);
});

describe('device loss', () => {
  test('a destroyed device mid-run: the run carries on on the CPU from its snapshot and the loss keeps falling', async () => {
    const doomed = await nodeWebGpuBackend();
    setBackend(doomed);
    manualSeed(3);
    const corpus = prepareCorpus(TEXT, 'prose');
    const build = () => {
      const model = new GPT({ vocabSize: corpus.tokenizer.vocabSize, ...GPT_CONFIG });
      return { model, trainer: new Trainer(model, corpus, { batchSize: 4, lr: 3e-3 }) };
    };
    let run = build();
    let snap = await snapshotTraining(0, run.model, run.trainer.optimizer);
    const losses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const l = run.trainer.trainStep();
      losses.push(await l.item());
      l.dispose();
      if (run.trainer.step % 5 === 0) snap = await snapshotTraining(run.trainer.step, run.model, run.trainer.optimizer);
    }
    const lost = new Promise((resolve) => doomed.onDeviceLost(resolve));
    doomed.device.destroy();
    await lost;
    expect(() => run.trainer.trainStep()).toThrow(/device was lost/);

    setBackend(cpuBackend);
    run = build();
    restoreTraining(snap, run.model, run.trainer.optimizer);
    run.trainer.step = snap.step;
    expect(snap.step).toBe(20);
    for (let i = 0; i < 20; i++) {
      const l = run.trainer.trainStep();
      losses.push(await l.item());
      l.dispose();
    }
    expect(run.model.parameters()[0].backend.name).toBe('cpu');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // The CPU continues where the GPU stopped (no jump back to the initial loss) and keeps learning.
    expect(losses[20]).toBeLessThan(losses[0] - 0.3);
    expect(mean(losses.slice(35))).toBeLessThan(mean(losses.slice(15, 20)));
    for (const p of run.model.parameters()) p.dispose();
  }, 120_000);
});
