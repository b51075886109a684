// Memory of the training studio's worker over a long run, the browser half of `npm run bench --
// --memory`: nanoGPT's CPU recipe in headless Chromium (chapter 9, `?backend=cpu`, one thread),
// with the studio's own schedule (evaluation and a checkpoint to IndexedDB every 25 steps, a sample
// every 50). Every 50 steps the worker is sent a full GC over the DevTools protocol and its heap is
// read (Runtime.getHeapUsage: the JS heap, and the backing stores of its ArrayBuffers, which hold
// the tensors' Float32Arrays), with the live tensor count the worker reports after each step.
//
//   npx tsx bench/studioMemory.ts [--steps 1000] [--reuse] [--no-readme]
//
// --reuse keeps an existing dist/. Writes its table into bench/README.md between the
// studio-memory markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession } from 'playwright-core';
import { buildSite, builds, root, serve } from '../tests/e2e/harness/site';
import { launchChromium, startNanoGptRun, waitForRunEnd } from './studioPage';
import { slopePer100 } from './memory';

const { values: a } = parseArgs({
  options: { steps: { type: 'string', default: '1000' }, reuse: { type: 'boolean', default: false }, 'no-readme': { type: 'boolean', default: false } },
});
const steps = Number(a.steps);
const EVERY = 50;

interface Row {
  step: number;
  liveTensors: number;
  heapUsed: number;
  arrayBuffers: number;
}

/**
 * Calls into a worker through the browser's DevTools session. Playwright opens CDP sessions on
 * pages only, so this attaches to the worker's target and passes messages through the browser.
 */
async function workerProtocol(browserCdp: CDPSession, targetId: string) {
  const { sessionId } = await browserCdp.send('Target.attachToTarget', { targetId, flatten: false });
  const pending = new Map<number, (m: { result?: unknown; error?: { message: string } }) => void>();
  let nextId = 0;
  browserCdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  return async <T>(method: string, params: object = {}): Promise<T> => {
    const id = ++nextId;
    const reply = new Promise<{ result?: unknown; error?: { message: string } }>((ok) => pending.set(id, ok));
    await browserCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    const m = await reply;
    if (m.error) throw new Error(`${method}: ${m.error.message}`);
    return m.result as T;
  };
}

async function main() {
  if (!existsSync(join(root, 'public/data/moby-dick.txt'))) throw new Error('run `npm run prepare-data` first');
  if (!a.reuse || !existsSync(join(builds.site.outDir, 'index.html'))) {
    console.log('building the site…');
    await buildSite(builds.site.base, builds.site.outDir);
  }
  const site = await serve(builds.site.outDir, builds.site.base);
  const browser = await launchChromium();
  const rows: Row[] = [];
  const started = new Date();
  let seconds = 0;
  try {
    const page = await (await browser.newContext()).newPage();
    const t0 = performance.now();
    const studio = await startNanoGptRun(page, site.url, steps);
    const browserCdp = await browser.newBrowserCDPSession();
    const { targetInfos } = await browserCdp.send('Target.getTargets');
    const workers = targetInfos.filter((t) => t.type === 'worker' && /model\.worker/.test(t.url));
    if (workers.length !== 1) throw new Error(`expected the page's one model worker, found: ${targetInfos.map((t) => `${t.type} ${t.url}`).join('; ')}`);
    const call = await workerProtocol(browserCdp, workers[0].targetId);
    const attr = async (name: string) => Number(await studio.getAttribute(name));
    console.log(header.join('\n'));
    for (let next = EVERY; next <= steps; next += EVERY) {
      await page.waitForFunction((n) => Number(document.querySelector('[data-widget="TrainingStudio"]')?.getAttribute('data-step')) >= n || document.querySelector('[data-widget="TrainingStudio"]')?.getAttribute('data-status') !== 'training', next, { timeout: 600_000, polling: 100 });
      await call('HeapProfiler.collectGarbage');
      const heap = await call<{ usedSize: number; backingStorageSize: number }>('Runtime.getHeapUsage');
      const row = { step: await attr('data-step'), liveTensors: await attr('data-live-tensors'), heapUsed: heap.usedSize, arrayBuffers: heap.backingStorageSize };
      rows.push(row);
      console.log(line(row));
    }
    await waitForRunEnd(page, studio);
    seconds = (performance.now() - t0) / 1000;
  } finally {
    await browser.close();
    await site.close();
  }
  const after = rows.filter((r) => r.step >= 100);
  const mb = (bytes: number) => bytes / 2 ** 20;
  const slope =
    `Growth per 100 steps (least-squares slope over the rows from step ${after[0].step} to ${after.at(-1)!.step}): live tensors ${slopePer100(after, (r) => r.liveTensors).toFixed(1)}, ` +
    `worker JS heap ${slopePer100(after, (r) => mb(r.heapUsed)).toFixed(2)} MB, ArrayBuffer backing stores ${slopePer100(after, (r) => mb(r.arrayBuffers)).toFixed(2)} MB.`;
  const run = `${steps} steps in ${seconds.toFixed(0)} s (evaluation, samples and checkpoints included); load average at the end ${loadavg().map((l) => l.toFixed(1)).join(', ')}.`;
  console.log(`${slope}\n${run}`);
  if (a['no-readme']) return;
  const section = [
    '<!-- studio-memory:start (written by `npx tsx bench/studioMemory.ts`; edits inside are overwritten) -->',
    '## Memory over a long run (the studio\'s worker, Chromium, CPU)',
    '',
    `Reproduce: \`npx tsx bench/studioMemory.ts\` (builds the site; \`--reuse\` keeps \`dist/\`; \`--steps N\`). nanoGPT's CPU recipe`,
    'trained by the TrainingStudio worker in headless Chromium (`?backend=cpu`, one thread) with the studio\'s schedule:',
    'evaluation and a checkpoint (into IndexedDB) every 25 steps, a sample every 50. After every 50 steps the worker gets',
    'a full GC through the DevTools protocol and its heap is read (`Runtime.getHeapUsage`: JS heap used, and the',
    'backing stores of its ArrayBuffers, where the tensors\' Float32Arrays live); live tensors are what the worker',
    'reports after the step (`data-live-tensors`). The worker answers only when it yields to its event loop, at the',
    'next checkpoint, so the rows fall 25 steps later.',
    '',
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${run}`,
    '',
    ...header,
    ...rows.map(line),
    '',
    slope,
    '<!-- studio-memory:end -->',
  ].join('\n');
  const path = join(root, 'bench/README.md');
  let text = readFileSync(path, 'utf8');
  const re = /<!-- studio-memory:start[\s\S]*?<!-- studio-memory:end -->/;
  text = re.test(text) ? text.replace(re, () => section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text);
  console.log('wrote bench/README.md');
}

const line = (r: Row) => `| ${r.step} | ${r.liveTensors} | ${(r.heapUsed / 2 ** 20).toFixed(1)} | ${(r.arrayBuffers / 2 ** 20).toFixed(1)} |`;
const header = ['| step | live tensors | worker JS heap after GC (MB) | ArrayBuffer backing stores (MB) |', '|---:|---:|---:|---:|'];

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
