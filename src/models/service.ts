// The model service's logic: load checkpoints, then answer encode / forward / nextToken / generate /
// embeddings about them. Plain in, plain out, so it runs the same in the worker (model.worker.ts)
// and in Node tests. Loaded models stay in memory by id until `unload`.
import { seeChapter } from '../lib/course-order';
import {
  Generator,
  gptFromCheckpoint,
  loadCheckpoint,
  noGrad,
  nn,
  tensor,
  tidy,
  type BpeTokenizer,
  type CharTokenizer,
} from '../engine/index';
import type {
  EmbeddingsResult,
  Encoded,
  ForwardRequest,
  ForwardResult,
  GenerateProgress,
  GenerateRequest,
  GenerateResult,
  ModelInfo,
  ModelSource,
  NextTokenRequest,
  NextTokenResult,
  TokenProbability,
  TokenView,
} from './protocol';
import { tokenText } from './tokenText';

type Tokenizer = CharTokenizer | BpeTokenizer;

export interface LoadedModel {
  info: ModelInfo;
  gpt: nn.GPT;
  tokenizer: Tokenizer;
}

/** Where the service gets bytes from; the worker gives it fetch and IndexedDB. */
export interface ModelStore {
  fetchBytes(url: string): Promise<Uint8Array>;
  /** The reader's own model, or null when they have not trained or imported one. */
  loadYours(): Promise<Uint8Array | null>;
  referenceUrl: string;
}

/** Input longer than this many characters is refused before tokenizing (a paste of a whole book). */
export const MAX_INPUT_CHARS = 100_000;
/** How many tokens nextToken lists besides those the filter keeps. */
const TOP_LISTED = 20;

export class ModelService {
  private models = new Map<string, LoadedModel>();
  private nextId = 1;

  constructor(private readonly store: ModelStore) {}

  async load(source: ModelSource): Promise<ModelInfo> {
    if (source.kind === 'reference') {
      const cached = [...this.models.values()].find((m) => m.info.source === 'reference');
      if (cached) return cached.info;
    }
    let bytes: Uint8Array;
    let name: string;
    switch (source.kind) {
      case 'reference':
        bytes = await this.store.fetchBytes(this.store.referenceUrl);
        name = 'Reference model';
        break;
      case 'yours': {
        const stored = await this.store.loadYours();
        if (!stored) throw new Error(`You have no model of your own yet: train one in the training studio${seeChapter('09-training')} or import a checkpoint there.`);
        bytes = stored;
        name = 'Your model';
        break;
      }
      case 'url':
        bytes = await this.store.fetchBytes(source.url);
        name = source.url.split('/').pop() ?? source.url;
        break;
      case 'bytes':
        bytes = source.bytes;
        name = source.name;
        break;
    }
    return this.add(source.kind, name, bytes);
  }

  private add(source: ModelSource['kind'], name: string, bytes: Uint8Array): ModelInfo {
    let ckpt;
    try {
      ckpt = loadCheckpoint(bytes);
    } catch (e) {
      throw new Error(`${name} is not a model checkpoint this book can read (${(e as Error).message})`);
    }
    if (!ckpt.tokenizer) throw new Error(`${name} has no tokenizer in its metadata, so its token ids cannot be read as text`);
    const gpt = gptFromCheckpoint(ckpt);
    gpt.eval();
    // A model replaced by a newer one of the same kind ("yours" after more training) is freed.
    if (source === 'yours') for (const [id, m] of this.models) if (m.info.source === 'yours') this.unload(id);
    const id = `${source}-${this.nextId++}`;
    const info: ModelInfo = {
      id,
      source,
      name,
      config: gpt.config,
      parameters: gpt.numParameters(),
      tokenizer: { type: ckpt.tokenizer.toJSON().type, vocabSize: ckpt.tokenizer.vocabSize },
      step: ckpt.step,
    };
    this.models.set(id, { info, gpt, tokenizer: ckpt.tokenizer });
    return info;
  }

  unload(id: string): void {
    const m = this.models.get(id);
    if (!m) return;
    for (const p of m.gpt.parameters()) p.dispose();
    this.models.delete(id);
  }

  /** A loaded model itself, for calls that train a copy of it (SFT in finetune.ts, RLHF in rlhf.ts); they never change it. */
  loaded(id: string): LoadedModel {
    return this.get(id);
  }

  private get(id: string): LoadedModel {
    const m = this.models.get(id);
    if (!m) throw new Error(`No model is loaded under "${id}": load it first`);
    return m;
  }

  /** The text's tokens: the last blockSize of them (what a forward sees), or all with `whole`. */
  encode(id: string, text: string, whole = false): Encoded & { ids: number[] } {
    const m = this.get(id);
    if (text.length > MAX_INPUT_CHARS) {
      throw new Error(`The text has ${text.length.toLocaleString('en')} characters; the limit is ${MAX_INPUT_CHARS.toLocaleString('en')}`);
    }
    return this.view(m, m.tokenizer.encode(text), whole ? Number.POSITIVE_INFINITY : m.info.config.blockSize);
  }

  private view(m: LoadedModel, all: number[], T = m.info.config.blockSize): Encoded & { ids: number[] } {
    const ids = all.length > T ? all.slice(-T) : all;
    return {
      ids,
      tokens: ids.map((t) => ({ id: t, text: tokenText(m.tokenizer, t) })),
      ...(all.length > T ? { truncatedFrom: all.length } : {}),
    };
  }

  private idsOf(m: LoadedModel, req: { text?: string; ids?: number[] }): Encoded & { ids: number[] } {
    if (req.ids) {
      const V = m.info.tokenizer.vocabSize;
      const bad = req.ids.find((t) => !(Number.isInteger(t) && t >= 0 && t < V));
      if (bad !== undefined) throw new Error(`Token id ${bad} is outside this model's vocabulary of ${V}`);
      return this.view(m, req.ids);
    }
    const enc = this.encode(m.info.id, req.text ?? '');
    if (enc.ids.length === 0) throw new Error('The text is empty: type at least one character');
    return enc;
  }

  async forward(req: ForwardRequest): Promise<ForwardResult> {
    const m = this.get(req.model);
    const enc = this.idsOf(m, req);
    const T = enc.ids.length;
    const V = m.info.config.vocabSize;
    const out = tidy(() =>
      noGrad(() => {
        const o = m.gpt.forward(tensor([enc.ids]), null, { returnAttention: req.attention, returnHidden: req.hidden });
        return { last: o.logits.narrow(1, T - 1, 1).reshape([V]), attention: o.attention ?? [], hidden: o.hidden ?? [] };
      }),
    );
    const all = [out.last, ...out.attention, ...out.hidden];
    try {
      const [last, ...rest] = await Promise.all(all.map((t) => t.data()));
      const nLayer = out.attention.length;
      return {
        tokens: enc.tokens,
        ...(enc.truncatedFrom ? { truncatedFrom: enc.truncatedFrom } : {}),
        lastLogits: last,
        ...(req.attention ? { attention: rest.slice(0, nLayer) } : {}),
        ...(req.hidden ? { hidden: rest.slice(nLayer) } : {}),
      };
    } finally {
      for (const t of all) t.dispose();
    }
  }

  async nextToken(req: NextTokenRequest): Promise<NextTokenResult> {
    const m = this.get(req.model);
    const { lastLogits, tokens, truncatedFrom } = await this.forward({ model: req.model, text: req.text, ids: req.ids });
    const raw = nn.samplingDistribution(lastLogits, {});
    const p = nn.samplingDistribution(lastLogits, req.sampling);
    const order = Array.from(raw.keys()).sort((a, b) => p[b] - p[a] || raw[b] - raw[a]);
    const listed = order.filter((id, rank) => p[id] > 0 || rank < TOP_LISTED);
    const top: TokenProbability[] = listed.map((id) => ({ id, text: tokenText(m.tokenizer, id), raw: raw[id], p: p[id] }));
    const restRaw = Math.max(0, 1 - top.reduce((s, t) => s + t.raw, 0));
    return { tokens, ...(truncatedFrom ? { truncatedFrom } : {}), top, restRaw };
  }

  /**
   * Samples up to maxTokens tokens after the prompt, calling onToken for each; stops early on the
   * `stop` text or when `signal` is aborted. The same seed and settings give the same text.
   */
  async generate(req: GenerateRequest, onToken?: (p: GenerateProgress) => void, signal?: AbortSignal): Promise<GenerateResult> {
    const m = this.get(req.model);
    if (!(Number.isInteger(req.maxTokens) && req.maxTokens >= 1 && req.maxTokens <= 2000)) {
      throw new Error(`maxTokens must be a whole number from 1 to 2,000, got ${req.maxTokens}`);
    }
    const ids = this.idsOf(m, { text: req.prompt }).ids;
    const gen = new Generator(req.seed);
    const produced: TokenView[] = [];
    let stoppedBy: GenerateResult['stoppedBy'] = 'maxTokens';
    for (let i = 0; i < req.maxTokens && !signal?.aborted; i++) {
      const { lastLogits } = await this.forward({ model: req.model, ids: ids.slice(-m.info.config.blockSize) });
      const probs = nn.samplingDistribution(lastLogits, req.sampling);
      const id = nn.sampleIndex(probs, gen.random());
      ids.push(id);
      const token = { id, text: tokenText(m.tokenizer, id) };
      produced.push(token);
      onToken?.({ token, logProb: Math.log(probs[id]) });
      if (req.stop && m.tokenizer.decode(produced.map((t) => t.id)).includes(req.stop)) {
        stoppedBy = 'stop';
        break;
      }
    }
    return { text: m.tokenizer.decode(produced.map((t) => t.id)), tokens: produced, stoppedBy };
  }

  async embeddings(id: string): Promise<EmbeddingsResult> {
    const m = this.get(id);
    const { wte, wpe } = m.gpt.transformer;
    const [te, pe] = await Promise.all([wte.weight.data(), wpe.weight.data()]);
    const V = m.info.config.vocabSize;
    return {
      wte: te,
      wpe: pe,
      vocab: Array.from({ length: V }, (_, t) => ({ id: t, text: tokenText(m.tokenizer, t) })),
      nEmbd: m.info.config.nEmbd,
    };
  }
}
