// `npm run bench -- --profile`: where one training step of nanoGPT's CPU recipe spends its time.
// Every computing call of the CPU backend is timed by op family (src/engine/backends/cpu/profile.ts);
// what is left of the step's wall time is the JavaScript between the kernels (autograd graph,
// tidy, shape checks). Garbage collection is measured separately through Node's `gc` performance
// entries; it happens inside the other rows (allocations trigger it), so it overlaps them.
import { PerformanceObserver } from 'node:perf_hooks';
import { cpuBackend } from '../src/engine/backends/cpu/cpuBackend';
import { startProfile, type OpTiming } from '../src/engine/backends/cpu/profile';
import { nanoGptCpuRecipe } from './gpt-step';

export interface StepProfile {
  steps: number;
  stepMs: number;
  rows: { name: string; ms: number; calls: number }[];
  ops: { name: string; ms: number; calls: number }[];
  gcMs: number;
  gcCount: number;
  liveBuffers: number[];
}

export async function profileGptStep(opts: { warmup?: number; steps?: number } = {}): Promise<StepProfile> {
  const warmup = opts.warmup ?? 3;
  const steps = opts.steps ?? 10;
  const { trainer } = await nanoGptCpuRecipe();
  const step = async () => {
    const loss = trainer.trainStep();
    await loss.item();
    loss.dispose();
  };
  for (let i = 0; i < warmup; i++) await step();

  let gcMs = 0;
  let gcCount = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcCount++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const liveBuffers: number[] = [];
  const profiling = startProfile(cpuBackend);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    await step();
    liveBuffers.push(cpuBackend.liveBuffers());
  }
  const wall = performance.now() - t0;
  const profile = profiling.stop();
  await new Promise((r) => setTimeout(r, 50)); // gc entries arrive asynchronously
  observer.disconnect();

  const perStep = ([name, t]: [string, OpTiming]) => ({ name, ms: t.ms / steps, calls: t.calls / steps });
  const rows = [...profile.families].map(perStep).sort((a, b) => b.ms - a.ms);
  const inKernels = rows.reduce((s, r) => s + r.ms, 0);
  rows.push({ name: 'JS between kernels (autograd, tidy, shapes)', ms: wall / steps - inKernels, calls: 0 });
  return {
    steps,
    stepMs: wall / steps,
    rows,
    ops: [...profile.ops].map(perStep).sort((a, b) => b.ms - a.ms),
    gcMs: gcMs / steps,
    gcCount: gcCount / steps,
    liveBuffers,
  };
}

/** The profile as a Markdown table (and a line on GC and live buffers). */
export function profileTable(p: StepProfile): string[] {
  const pct = (ms: number) => `${((100 * ms) / p.stepMs).toFixed(1)}%`;
  return [
    '| where | ms per step | share | calls per step |',
    '|---|---:|---:|---:|',
    ...p.rows.map((r) => `| ${r.name} | ${r.ms.toFixed(1)} | ${pct(r.ms)} | ${r.calls ? r.calls.toFixed(0) : ''} |`),
    `| **one step** | **${p.stepMs.toFixed(1)}** | 100% | |`,
    '',
    `Garbage collection (inside the rows above): ${p.gcMs.toFixed(1)} ms per step (${pct(p.gcMs)}) in ${p.gcCount.toFixed(1)} collections; ` +
      `live backend buffers after each step: ${[...new Set(p.liveBuffers)].join(', ')}.`,
  ];
}
