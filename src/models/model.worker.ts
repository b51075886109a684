// The model service's worker: one per page, shared by every widget that shows a trained model.
import { serve, type CallContext } from '../lib/worker';
import { currentBackend, selectBackend, setBackend } from '../engine/index';
import { ModelService } from './service';
import { loadYourModel } from './yours';
import type { GenerateProgress, GenerateRequest, ModelSource, NextTokenRequest, ForwardRequest } from './protocol';

let service: ModelService | null = null;
let backend: Promise<{ backend: 'cpu' | 'webgpu'; reason: string }> | null = null;

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
  /** Picks the backend the page's badge shows (`?backend=` honoured) and remembers where the reference model is. */
  init(args: { referenceUrl: string; search: string }) {
    service ??= new ModelService({ fetchBytes, loadYours: loadYourModel, referenceUrl: args.referenceUrl });
    backend ??= selectBackend({ search: args.search, cpu: currentBackend() }).then((choice) => {
      if (choice.webgpu) setBackend(choice.webgpu);
      return { backend: choice.backend, reason: choice.reason };
    });
    return backend;
  },
  load: (args: { source: ModelSource }) => ready().load(args.source),
  unload: async (args: { model: string }) => ready().unload(args.model),
  encode: async (args: { model: string; text: string }) => ready().encode(args.model, args.text),
  forward: (args: ForwardRequest) => ready().forward(args),
  nextToken: (args: NextTokenRequest) => ready().nextToken(args),
  generate: (args: GenerateRequest, ctx: CallContext<GenerateProgress>) => ready().generate(args, ctx.progress, ctx.signal),
  embeddings: (args: { model: string }) => ready().embeddings(args.model),
};

export type ModelWorkerApi = typeof api;
serve(api);
