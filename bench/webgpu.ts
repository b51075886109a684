// npm run bench:webgpu — this engine's WebGPU backend against @tensorflow/tfjs-backend-webgpu on
// the same device, in one process: matmul GFLOP/s at 256², 1024², 2048², and GPT training
// tokens/s for the 822K-parameter recipe and a ~3M one. In Node the device is Dawn (the `webgpu`
// package): SwiftShader on a machine without a GPU (figures then only prove it runs), a real GPU
// when VK_ICD_FILENAMES points at its Vulkan driver.
//
// Flags: --sizes 256,1024,2048  --reps 3  --steps 3  --no-gpt  --no-tfjs  --no-readme
import { nodeGpu } from '../src/engine/backends/webgpu/nodeGpu';
import { WebGpuBackend } from '../src/engine/backends/webgpu/webgpuBackend';
import { acquireDevice, adapterName } from '../src/engine/backends/webgpu/device';
import { benchGpt, GPT_CONFIGS } from './webgpuGpt';
import { writeWebGpuSection } from './webgpuReadme';
import { time } from './timing';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = flag('sizes', '256,1024,2048').split(',').map(Number);
const reps = Number(flag('reps', '3'));
const steps = Number(flag('steps', '3'));
const withTfjs = !args.includes('--no-tfjs');
const withGpt = !args.includes('--no-gpt');

const gpu = await nodeGpu();
const ours = new WebGpuBackend(await acquireDevice(gpu));
const device = adapterName(ours.adapterInfo) + (ours.adapterInfo.software ? ' (software)' : '');
console.log(`device: ${device} — ${ours.adapterInfo.description}`);

type Tf = typeof import('@tensorflow/tfjs');
let tf: Tf | null = null;
if (withTfjs) {
  // tfjs-backend-webgpu looks for navigator.gpu; hand it the same Dawn instance.
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true });
  tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-backend-webgpu could not start on this device');
}

/** Median ms of `run` over `reps` timed runs after one warm-up; `run` resolves when the GPU is done. */
const timeGpu = (run: () => Promise<void>) => time(run, reps, 1);

const rows: string[] = [];
const row = (task: string, oursV: number, tfV: number | null, unit: string) => {
  const ratio = tfV ? (oursV / tfV).toFixed(2) + '×' : '–';
  const line = `| ${task} | ${oursV.toFixed(1)} ${unit} | ${tfV === null ? '–' : tfV.toFixed(1) + ' ' + unit} | ${ratio} |`;
  rows.push(line);
  console.log(line);
};

console.log('| task | this engine (webgpu) | tfjs-backend-webgpu | ratio |');
console.log('|---|---|---|---|');
for (const n of sizes) {
  const data = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const a = ours.fromArray(data);
  const mmArgs = { batch: 1, m: n, k: n, n, transA: false, transB: false, aBatched: true, bBatched: true };
  const oursMs = await timeGpu(async () => {
    const c = ours.matmul(a, a, mmArgs);
    await ours.read(c);
    ours.dispose(c);
  });
  ours.dispose(a);
  let tfMs: number | null = null;
  if (tf) {
    const t = tf.tensor2d(data, [n, n]);
    tfMs = await timeGpu(async () => {
      const c = tf!.matMul(t, t);
      await c.data();
      c.dispose();
    });
    t.dispose();
  }
  const gflops = (ms: number) => (2 * n * n * n) / (ms * 1e6);
  row(`matmul ${n}² (GFLOP/s, incl. readback)`, gflops(oursMs), tfMs === null ? null : gflops(tfMs), 'GFLOP/s');
}

if (withGpt) {
  for (const cfg of GPT_CONFIGS) {
    const r = await benchGpt(cfg, { gpu, steps, tf });
    row(`GPT ${(r.params / 1e6).toFixed(2)}M params, ${cfg.label}: train step (tokens/s)`, r.ours, r.tfjs, 'tok/s');
  }
}
ours.destroy();
if (!args.includes('--no-readme')) {
  writeWebGpuSection(`${device} — ${ours.adapterInfo.description}`, rows, ['npm run bench:webgpu', ...(args.length ? ['--', ...args] : [])].join(' '));
  console.log('wrote the WebGPU section of bench/README.md');
}
process.exit(0);
