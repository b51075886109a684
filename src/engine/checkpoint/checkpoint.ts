// Training checkpoints as safetensors files: the model's tensors under their stateDict names
// (nanoGPT's, for a GPT), the optimizer's under `optim.` names, and in the metadata (JSON
// strings) the model config, the tokenizer, the step, the random generator's state and the
// optimizer's settings — everything needed to carry on training exactly where it stopped.
import type { Module } from '../nn/module';
import { GPT, type GPTConfig } from '../nn/gpt';
import type { OptimizerState, OptimizerStateSource } from '../optim/optimizer';
import { CharTokenizer, type CharTokenizerJSON } from '../tokenizers/char';
import { BpeTokenizer, type BpeTokenizerJSON } from '../tokenizers/bpe';
import { readSafetensors, writeSafetensors, type NamedTensor } from './safetensors';
import { readTrainingState } from '../train/state';

export const CHECKPOINT_FORMAT = 'neuron-to-gpt/1';
const OPTIM_PREFIX = 'optim.';

export type Tokenizer = CharTokenizer | BpeTokenizer;

export interface CheckpointInput {
  model: Module & { config?: object };
  optimizer?: { stateDict(): OptimizerState };
  step?: number;
  /** Defaults to model.config. */
  config?: object;
  tokenizer?: Tokenizer;
  /** The random generator's state (from its stateDict()). */
  rng?: unknown;
  /** Anything else worth keeping (e.g. the training options), stored as JSON. */
  extra?: Record<string, unknown>;
}

export interface Checkpoint {
  config: Record<string, unknown> | null;
  step: number;
  tokenizer: Tokenizer | null;
  rng: unknown;
  /** Model tensors by stateDict name, ready for model.loadStateDict(). */
  model: Map<string, NamedTensor>;
  /** Ready for optimizer.loadStateDict(), or null when the file has no optimizer state. */
  optimizer: OptimizerStateSource | null;
  extra: Record<string, unknown>;
}

export async function saveCheckpoint(input: CheckpointInput): Promise<Uint8Array> {
  const state = await readTrainingState(input.model, input.optimizer);
  const tensors = new Map<string, NamedTensor>([
    ...Object.entries(state.model),
    ...Object.entries(state.optimizer?.tensors ?? {}).map(([name, t]): [string, NamedTensor] => [OPTIM_PREFIX + name, t]),
  ]);
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    step: String(input.step ?? 0),
    config: JSON.stringify(input.config ?? input.model.config ?? null),
  };
  if (state.optimizer) metadata.optimizer = JSON.stringify(state.optimizer.meta);
  if (input.tokenizer) metadata.tokenizer = JSON.stringify(input.tokenizer.toJSON());
  if (input.rng !== undefined) metadata.rng = JSON.stringify(input.rng);
  if (input.extra) metadata.extra = JSON.stringify(input.extra);
  return writeSafetensors(tensors, metadata);
}

/** Reads a checkpoint written by saveCheckpoint, or plain safetensors weights (then only `model` is filled). */
export function loadCheckpoint(bytes: Uint8Array): Checkpoint {
  const { tensors, metadata } = readSafetensors(bytes);
  const json = (key: string): unknown => {
    if (metadata[key] === undefined) return undefined;
    try {
      return JSON.parse(metadata[key]);
    } catch {
      throw new Error(`loadCheckpoint: metadata "${key}" is not valid JSON`);
    }
  };
  const model = new Map<string, NamedTensor>();
  const optimTensors = new Map<string, NamedTensor>();
  for (const [name, t] of tensors) {
    if (name.startsWith(OPTIM_PREFIX)) optimTensors.set(name.slice(OPTIM_PREFIX.length), t);
    else model.set(name, t);
  }
  const optimMeta = json('optimizer') as Record<string, unknown> | undefined;
  const tok = json('tokenizer') as CharTokenizerJSON | BpeTokenizerJSON | undefined;
  return {
    config: (json('config') as Record<string, unknown> | undefined) ?? null,
    step: metadata.step !== undefined ? Number(metadata.step) : 0,
    tokenizer: tok ? tokenizerFromJSON(tok) : null,
    rng: json('rng'),
    model,
    optimizer: optimMeta ? { tensors: optimTensors, meta: optimMeta } : null,
    extra: (json('extra') as Record<string, unknown> | undefined) ?? {},
  };
}

export function tokenizerFromJSON(json: CharTokenizerJSON | BpeTokenizerJSON): Tokenizer {
  if (json.type === 'char') return CharTokenizer.fromJSON(json);
  if (json.type === 'bpe') return BpeTokenizer.fromJSON(json);
  throw new Error(`unknown tokenizer type ${JSON.stringify((json as { type?: unknown }).type)}`);
}

/** A GPT built from a checkpoint's config with its weights loaded. */
export function gptFromCheckpoint(ckpt: Checkpoint): GPT {
  if (!ckpt.config) throw new Error('gptFromCheckpoint: the checkpoint has no model config in its metadata');
  const model = new GPT(ckpt.config as unknown as GPTConfig);
  model.loadStateDict(ckpt.model);
  return model;
}
