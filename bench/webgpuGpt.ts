// GPT training-step throughput for bench/webgpu.ts: the engine's nn.GPT on its WebGPU backend,
// and the same architecture written with tfjs-core ops on tfjs-backend-webgpu (tfjs has no
// AdamW, so it steps with Adam: the same memory traffic, a negligible difference in time).
import { readFileSync } from 'node:fs';
import { prepareCorpus, type Corpus } from '../src/engine/data/corpus';
import { GPT } from '../src/engine/nn/gpt';
import { Trainer } from '../src/engine/train/trainer';
import { manualSeed } from '../src/engine/tensor';
import { setBackend } from '../src/engine/backends/registry';
import { cpuBackend } from '../src/engine/backends/cpu';
import { WebGpuBackend } from '../src/engine/backends/webgpu/webgpuBackend';
import { acquireDevice } from '../src/engine/backends/webgpu/device';
import { median } from './timing';

type Tf = typeof import('@tensorflow/tfjs');

export interface GptBenchConfig {
  label: string;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  blockSize: number;
  batch: number;
}

export const GPT_CONFIGS: GptBenchConfig[] = [
  { label: '4 layers, 4 heads, 128 embd, ctx 64, batch 12', nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, batch: 12 },
  { label: '6 layers, 6 heads, 192 embd, ctx 128, batch 12', nLayer: 6, nHead: 6, nEmbd: 192, blockSize: 128, batch: 12 },
];

function batchOf(ids: Int32Array, cfg: GptBenchConfig, step: number): { x: Int32Array; y: Int32Array } {
  const { batch: B, blockSize: T } = cfg;
  const x = new Int32Array(B * T);
  const y = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const start = ((step * 7919 + b * 104729) * 31) % (ids.length - T - 1);
    x.set(ids.subarray(start, start + T), b * T);
    y.set(ids.subarray(start + 1, start + T + 1), b * T);
  }
  return { x, y };
}

/** Median tokens/s of `steps` timed training steps after two warm-up steps. */
async function tokensPerSecond(cfg: GptBenchConfig, steps: number, step: (i: number) => Promise<number>): Promise<number> {
  for (let i = 0; i < 2; i++) await step(i);
  const rates: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const loss = await step(i + 2);
    if (!Number.isFinite(loss)) throw new Error(`loss is ${loss} at step ${i + 2}`);
    rates.push((cfg.batch * cfg.blockSize) / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

function tfjsGptStep(tf: Tf, cfg: GptBenchConfig, vocab: number, ids: Int32Array) {
  const { nLayer: L, nHead: H, nEmbd: C, blockSize: T, batch: B } = cfg;
  const hd = C / H;
  const w = (shape: number[], std = 0.02) => tf.variable(tf.randomNormal(shape, 0, std));
  const ones = (n: number) => tf.variable(tf.ones([n]));
  const zeros = (n: number) => tf.variable(tf.zeros([n]));
  const wte = w([vocab, C]);
  const wpe = w([T, C]);
  const layers = Array.from({ length: L }, () => ({
    ln1: [ones(C), zeros(C)], attn: [w([C, 3 * C]), zeros(3 * C)], proj: [w([C, C]), zeros(C)],
    ln2: [ones(C), zeros(C)], fc: [w([C, 4 * C]), zeros(4 * C)], fcProj: [w([4 * C, C]), zeros(C)],
  }));
  const lnf = [ones(C), zeros(C)];
  const mask = tf.linalg.bandPart(tf.ones([T, T]), -1, 0).sub(1).mul(1e9); // 0 on and below the diagonal
  const pos = tf.range(0, T, 1, 'int32');
  const ln = (x: import('@tensorflow/tfjs').Tensor, [g, b]: import('@tensorflow/tfjs').Variable[]) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(g).add(b);
  };
  const linear = (x: import('@tensorflow/tfjs').Tensor, [W, b]: import('@tensorflow/tfjs').Variable[]) =>
    tf.matMul(x.reshape([-1, W.shape[0]]), W).add(b);
  const gelu = (x: import('@tensorflow/tfjs').Tensor) =>
    x.mul(0.5).mul(tf.tanh(x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1));
  const opt = tf.train.adam(1e-3, 0.9, 0.95, 1e-8);
  return async (i: number): Promise<number> => {
    const { x, y } = batchOf(ids, cfg, i);
    const loss = opt.minimize(() => {
      const idx = tf.tensor2d(x, [B, T], 'int32');
      let h = tf.gather(wte, idx).add(tf.gather(wpe, pos)); // [B, T, C]
      for (const l of layers) {
        const qkv = linear(ln(h, l.ln1), l.attn).reshape([B, T, 3, H, hd]).transpose([2, 0, 3, 1, 4]);
        const [q, k, v] = tf.unstack(qkv);
        const att = tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(hd)).add(mask));
        const out = tf.matMul(att, v).transpose([0, 2, 1, 3]).reshape([B * T, C]);
        h = h.add(linear(out, l.proj).reshape([B, T, C]));
        h = h.add(linear(gelu(linear(ln(h, l.ln2), l.fc)), l.fcProj).reshape([B, T, C]));
      }
      const logits = tf.matMul(ln(h, lnf).reshape([B * T, C]), wte, false, true);
      return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(y, 'int32'), vocab), logits);
    }, true)!;
    const v = (await loss.data())[0];
    loss.dispose();
    return v;
  };
}

let mobyDick: Corpus | null = null;
/** Moby Dick as character ids (the engine's own recipe), the corpus both sides train on. */
function corpus(): Corpus {
  mobyDick ??= prepareCorpus(readFileSync(new URL('../public/data/moby-dick.txt', import.meta.url), 'utf8'), 'prose');
  return mobyDick;
}

/** The engine's training step (the Trainer the CLI and the page use) on a fresh WebGPU device. */
async function engineGptStep(cfg: GptBenchConfig, gpu: GPU) {
  const backend = new WebGpuBackend(await acquireDevice(gpu));
  setBackend(backend);
  manualSeed(1337);
  const c = corpus();
  const { nLayer, nHead, nEmbd, blockSize, batch } = cfg;
  const model = new GPT({ vocabSize: c.tokenizer.vocabSize, blockSize, nLayer, nHead, nEmbd, dropout: 0 });
  const trainer = new Trainer(model, c, { batchSize: batch, lr: 1e-3 });
  const step = async (): Promise<number> => {
    const loss = trainer.trainStep();
    const v = await loss.item();
    loss.dispose();
    return v;
  };
  const done = () => {
    setBackend(cpuBackend);
    backend.destroy();
  };
  return { step, done, params: model.numParameters() };
}

export async function benchGpt(
  cfg: GptBenchConfig,
  opts: { gpu: GPU; steps: number; tf: Tf | null },
): Promise<{ ours: number; tfjs: number | null; params: number }> {
  const c = corpus();
  const engine = await engineGptStep(cfg, opts.gpu);
  const ours = await tokensPerSecond(cfg, opts.steps, engine.step);
  engine.done();
  let tfjs: number | null = null;
  if (opts.tf) {
    tfjs = await tokensPerSecond(cfg, opts.steps, tfjsGptStep(opts.tf, cfg, c.tokenizer.vocabSize, c.train));
    opts.tf.disposeVariables();
  }
  return { ours, tfjs, params: engine.params };
}
