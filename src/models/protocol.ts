// What the model service answers (src/models/model.worker.ts serves it, src/models/client.ts calls
// it). Plain data only: everything here crosses a worker boundary. Every widget that needs a trained
// model (embeddings, attention, the transformer's activations, sampling, assistants, the studio's
// "Your model") asks through these calls, with the same model picker.
import type { nn } from '../engine/index';

type GPTConfig = nn.GPTConfig;
type SamplingOptions = nn.SamplingOptions;

/** Which model: the book's shipped reference model, the reader's own (IndexedDB), or a file. */
export type ModelChoice = 'reference' | 'yours';

export type ModelSource =
  | { kind: 'reference' }
  | { kind: 'yours' }
  | { kind: 'url'; url: string }
  | { kind: 'bytes'; bytes: Uint8Array; name: string };

export interface ModelInfo {
  /** The handle later calls use. */
  id: string;
  source: ModelSource['kind'];
  name: string;
  config: Required<GPTConfig>;
  parameters: number;
  tokenizer: { type: 'char' | 'bpe'; vocabSize: number };
  /** Training steps the checkpoint has seen. */
  step: number;
}

/** A token as a reader should see it: its id and a readable label (`<0xF0>` for a partial byte). */
export interface TokenView {
  id: number;
  text: string;
}

export interface Encoded {
  tokens: TokenView[];
  /** The input had more tokens than the model's context; only the last blockSize were kept. */
  truncatedFrom?: number;
}

export interface ForwardRequest {
  model: string;
  /** Text to tokenize, or token ids (then the caller tokenized). */
  text?: string;
  ids?: number[];
  attention?: boolean;
  /** Also return the residual stream after the embeddings and after each block. */
  hidden?: boolean;
}

export interface ForwardResult extends Encoded {
  /** Logits of the last position only (V), to keep messages small. */
  lastLogits: Float32Array;
  /** attention[layer] is (nHead, T, T) flattened row-major; row t = how position t attends. */
  attention?: Float32Array[];
  /** hidden[0] = embeddings, hidden[l + 1] = after block l; each (T, C) flattened. */
  hidden?: Float32Array[];
}

export interface NextTokenRequest {
  model: string;
  text?: string;
  ids?: number[];
  sampling: SamplingOptions;
}

export interface TokenProbability {
  id: number;
  text: string;
  /** Probability before the sampling filter (softmax of the logits at temperature 1). */
  raw: number;
  /** Probability after temperature, top-k and top-p (0 when filtered out). */
  p: number;
}

export interface NextTokenResult extends Encoded {
  /** Every token with p > 0 or among the top by raw probability, highest p first. */
  top: TokenProbability[];
  /** Sum of raw probability of the tokens not listed. */
  restRaw: number;
}

export interface GenerateRequest {
  model: string;
  prompt: string;
  maxTokens: number;
  sampling: SamplingOptions;
  seed: number;
  /** Stop when this token text is produced (e.g. "<|im_end|>"). */
  stop?: string;
}

/** Streamed once per generated token. */
export interface GenerateProgress {
  token: TokenView;
  /** Log-probability of that token under the sampling distribution. */
  logProb: number;
}

export interface GenerateResult {
  text: string;
  tokens: TokenView[];
  stoppedBy: 'maxTokens' | 'stop';
}

export interface EmbeddingsResult {
  /** (V, C) token embeddings, row-major. */
  wte: Float32Array;
  /** (blockSize, C) learned position embeddings. */
  wpe: Float32Array;
  vocab: TokenView[];
  nEmbd: number;
}
