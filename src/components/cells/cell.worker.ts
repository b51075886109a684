// The page's cell worker: hosts the engine and runs reader code (runtime.ts) on request.
import { serve, type WorkerEndpoint } from '../../lib/worker';
import { createRuntime, type CellRuntime } from './runtime';
import type { CellWorkerApi } from './protocol';

// The protocol talks through functions captured now, so a reader's top-level `function postMessage`
// (which lands on the global object, like every shared name) cannot cut the page off.
const endpoint: WorkerEndpoint = {
  postMessage: self.postMessage.bind(self),
  addEventListener: self.addEventListener.bind(self),
  removeEventListener: self.removeEventListener.bind(self),
};

// The page passes its query string as the worker's name, so `?backend=cpu|webgpu` reaches the
// engine's choice here: the same choice (and reason) the backend badge shows.
const pageSearch = self.name.startsWith('cells') ? self.name.slice('cells'.length) : '';

// The engine is its own chunk, so this worker file is just the transpiler and the runtime (the
// figure the lazy-loading budget counts); it loads while the first cell compiles.
let ready: CellRuntime | null = null;
const runtime = import('../../engine/index.ts').then(async (engine) => {
  const choice = await engine.selectBackend({ search: pageSearch, cpu: engine.currentBackend() });
  if (choice.webgpu) engine.setBackend(choice.webgpu);
  return (ready = createRuntime({ modules: { engine } }));
});

// A promise the reader's code rejected without awaiting it becomes the running cell's error (with
// its line), instead of an uncaught error on the page while the cell says Done.
self.addEventListener('unhandledrejection', (e) => {
  if (ready?.unhandledRejection(e.reason)) e.preventDefault();
});

const api: CellWorkerApi = {
  run: async (req, ctx) => (await runtime).run(req, ctx.progress),
};
serve(api, endpoint);
