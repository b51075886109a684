// The model service's worker: one per page, shared by every widget that shows a trained model, by
// the training studio and by fine-tuning, so the model a reader trains and the models they look at
// live in one place and compute on one backend.
import { serve, type CallContext } from '../lib/worker';
import { currentBackend, selectBackend, setBackend, type BackendChoice } from '../engine/index';
import { ModelService } from './service';
import { sftApi } from './finetune';
import { studioApi, useEveryCore } from './studio';
import { rlhfApi } from './rlhf';
import { loadYourModel } from './yours';
import type { GenerateProgress, GenerateRequest, ModelSource, NextTokenRequest, ForwardRequest } from './protocol';

let service: ModelService | null = null;
let choice: Promise<BackendChoice> | null = null;

/**
 * Chosen once per worker (the page's `?backend=` honoured); later calls get the same answer. On the
 * CPU, large matmuls use every core where the page is cross-origin isolated (one thread elsewhere).
 */
function chooseBackend(search: string): Promise<BackendChoice> {
  choice ??= selectBackend({ search, cpu: currentBackend() }).then(async (c) => {
    if (c.backend === 'webgpu' && c.webgpu) {
      setBackend(c.webgpu);
      return c;
    }
    const threads = await useEveryCore();
    return threads > 1 ? { ...c, reason: `${c.reason} Large matrix products run on ${threads} threads.` } : c;
  });
  return choice;
}

const ready = (): ModelService => {
  if (!service) throw new Error('The model service was not started (call init first)');
  return service;
};

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not download ${url} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

const api = {
  /** Picks the backend the page's badge shows and remembers where the reference model is. */
  async init(args: { referenceUrl: string; search: string }) {
    service ??= new ModelService({ fetchBytes, loadYours: loadYourModel, referenceUrl: args.referenceUrl });
    const c = await chooseBackend(args.search);
    return { backend: c.backend, reason: c.reason };
  },
  load: (args: { source: ModelSource }) => ready().load(args.source),
  unload: async (args: { model: string }) => ready().unload(args.model),
  encode: async (args: { model: string; text: string; whole?: boolean }) => ready().encode(args.model, args.text, args.whole),
  forward: (args: ForwardRequest) => ready().forward(args),
  nextToken: (args: NextTokenRequest) => ready().nextToken(args),
  generate: (args: GenerateRequest, ctx: CallContext<GenerateProgress>) => ready().generate(args, ctx.progress, ctx.signal),
  embeddings: (args: { model: string }) => ready().embeddings(args.model),
  ...studioApi(chooseBackend),
  ...rlhfApi(ready),
  ...sftApi((model) => ready().loaded(model)),
};

export type ModelWorkerApi = typeof api;
serve(api);
