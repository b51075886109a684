// A GPT, written in the order of nanoGPT's model.py so the two read side by side: token and
// learned position embeddings, a stack of pre-norm transformer blocks (causal self-attention and
// an MLP, each added back onto the residual stream), a final LayerNorm, and a head that shares
// its weights with the token embedding. Shapes use B (batch), T (time), C (channels = nEmbd),
// nh (heads), hs (head size = C / nh), V (vocabulary).
import { Module, type StateSource } from './module';
import { Linear } from './linear';
import { Embedding } from './embedding';
import { LayerNorm } from './layernorm';
import { Dropout } from './dropout';
import { samplingDistribution, sampleIndex, type SamplingOptions } from './sampling';
import { F, Generator, arange, defaultGenerator, noGrad, tensor, tidy, type Tensor } from '../tensor';

export interface GPTConfig {
  vocabSize: number;
  /** Longest context the model sees (the number of learned positions). */
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  dropout?: number;
}

export interface GPTOutput {
  logits: Tensor; // (B, T, V)
  loss?: Tensor; // scalar mean cross-entropy
  /** attention[layer] is (B, nh, T, T): row t holds how much position t attends to each position. */
  attention?: Tensor[];
  /** hidden[0] is the input to the first block (token + position embeddings), hidden[l + 1] the
   * residual stream after block l; each (B, T, C). */
  hidden?: Tensor[];
}

export interface GenerateOptions extends SamplingOptions {
  /** Seeds a private generator so the same seed gives the same text; else the global one is used. */
  seed?: number;
  /** Called with each batch row's new token as it is sampled. */
  onToken?: (ids: number[], step: number) => void;
}

class CausalSelfAttention extends Module {
  c_attn: Linear;
  c_proj: Linear;
  attn_dropout: Dropout;
  resid_dropout: Dropout;

  constructor(readonly config: Required<GPTConfig>) {
    super();
    const { nEmbd: C, nLayer, dropout } = config;
    this.c_attn = new Linear(C, 3 * C); // q, k, v for all heads at once
    // Residual projections start smaller (GPT-2): each block adds to the residual stream twice.
    this.c_proj = new Linear(C, C, { std: 0.02 / Math.sqrt(2 * nLayer) });
    this.attn_dropout = new Dropout(dropout);
    this.resid_dropout = new Dropout(dropout);
  }

  forward(x: Tensor, attention?: Tensor[]): Tensor {
    const [B, T, C] = x.shape;
    const nh = this.config.nHead;
    const hs = C / nh;
    const qkv = this.c_attn.forward(x); // (B, T, 3C)
    const heads = (i: number) => qkv.narrow(2, i * C, C).reshape([B, T, nh, hs]).transpose(1, 2); // (B, nh, T, hs)
    const q = heads(0);
    const k = heads(1);
    const v = heads(2);
    // softmax(q·kᵀ/√hs) with positions after t masked out: position t sees positions ≤ t only.
    // nanoGPT drops attention weights while training (the dropout is the identity otherwise).
    const dropout = (w: Tensor) => this.attn_dropout.forward(w);
    const { out: y, weights } = F.scaledDotProductAttention(q, k, v, { causal: true, dropout }); // (B, nh, T, hs), (B, nh, T, T)
    attention?.push(weights);
    const merged = y.transpose(1, 2).reshape([B, T, C]); // heads side by side again
    return this.resid_dropout.forward(this.c_proj.forward(merged));
  }
}

class GptMLP extends Module {
  c_fc: Linear;
  c_proj: Linear;
  dropout: Dropout;

  constructor(config: Required<GPTConfig>) {
    super();
    const C = config.nEmbd;
    this.c_fc = new Linear(C, 4 * C);
    this.c_proj = new Linear(4 * C, C, { std: 0.02 / Math.sqrt(2 * config.nLayer) });
    this.dropout = new Dropout(config.dropout);
  }

  forward(x: Tensor): Tensor {
    return this.dropout.forward(this.c_proj.forward(this.c_fc.forward(x).gelu())); // (B, T, C) → 4C → C
  }
}

class Block extends Module {
  ln_1: LayerNorm;
  attn: CausalSelfAttention;
  ln_2: LayerNorm;
  mlp: GptMLP;

  constructor(config: Required<GPTConfig>) {
    super();
    this.ln_1 = new LayerNorm(config.nEmbd);
    this.attn = new CausalSelfAttention(config);
    this.ln_2 = new LayerNorm(config.nEmbd);
    this.mlp = new GptMLP(config);
  }

  forward(x: Tensor, attention?: Tensor[]): Tensor {
    x = x.add(this.attn.forward(this.ln_1.forward(x), attention));
    return x.add(this.mlp.forward(this.ln_2.forward(x)));
  }
}

export class GPT extends Module {
  readonly config: Required<GPTConfig>;
  transformer: {
    wte: Embedding;
    wpe: Embedding;
    drop: Dropout;
    h: Block[];
    ln_f: LayerNorm;
  };
  lm_head: Linear;

  constructor(config: GPTConfig) {
    super();
    this.config = { dropout: 0, ...config };
    checkConfig(this.config);
    const { vocabSize: V, blockSize, nLayer, nEmbd: C, dropout } = this.config;
    this.transformer = {
      wte: new Embedding(V, C),
      wpe: new Embedding(blockSize, C),
      drop: new Dropout(dropout),
      h: Array.from({ length: nLayer }, () => new Block(this.config)),
      ln_f: new LayerNorm(C),
    };
    this.lm_head = new Linear(C, V, { bias: false });
    // Weight tying: the head scores each token by its embedding vector (one [V, C] matrix).
    this.lm_head.weight.dispose();
    this.lm_head.weight = this.transformer.wte.weight;
  }

  /**
   * As Module.loadStateDict, and also accepts nanoGPT's own state dicts: without flash attention
   * nanoGPT saves each layer's causal mask as a buffer `transformer.h.N.attn.bias`, which is not a
   * parameter here (the mask is built on the fly), so those entries are skipped.
   */
  loadStateDict(source: StateSource): void {
    const entries = new Map(source instanceof Map ? source : Object.entries(source));
    for (const name of [...entries.keys()]) if (/^transformer\.h\.\d+\.attn\.bias$/.test(name)) entries.delete(name);
    super.loadStateDict(entries);
  }

  /**
   * idx (B, T) token ids; targets (B, T) next-token ids. Targets equal to `ignoreIndex` are left
   * out of the loss (fine-tuning learns only the assistant's tokens, PyTorch's ignore_index).
   */
  forward(idx: Tensor, targets?: Tensor | null, options: { returnAttention?: boolean; returnHidden?: boolean; ignoreIndex?: number } = {}): GPTOutput {
    if (idx.shape.length !== 2) throw new Error(`GPT.forward: idx must be (B, T), got shape [${idx.shape.join(', ')}]`);
    const [B, T] = idx.shape;
    if (T > this.config.blockSize) {
      throw new Error(`GPT.forward: cannot forward a sequence of length ${T}, the block size is only ${this.config.blockSize}`);
    }
    const pos = arange(T); // (T)
    const tokEmb = this.transformer.wte.forward(idx); // (B, T, C)
    const posEmb = this.transformer.wpe.forward(pos); // (T, C), broadcast over the batch
    let x = this.transformer.drop.forward(tokEmb.add(posEmb));
    const attention: Tensor[] | undefined = options.returnAttention ? [] : undefined;
    const hidden: Tensor[] | undefined = options.returnHidden ? [x] : undefined;
    for (const block of this.transformer.h) {
      x = block.forward(x, attention);
      hidden?.push(x);
    }
    x = this.transformer.ln_f.forward(x);
    const logits = this.lm_head.forward(x); // (B, T, V)
    const out: GPTOutput = { logits };
    if (targets) {
      if (targets.shape.length !== 2 || targets.shape[0] !== B || targets.shape[1] !== T) {
        throw new Error(`GPT.forward: targets must have idx's shape [${B}, ${T}], got [${targets.shape.join(', ')}]`);
      }
      out.loss = F.crossEntropy(logits.reshape([B * T, this.config.vocabSize]), targets.reshape([B * T]), { ignoreIndex: options.ignoreIndex });
    }
    if (attention) out.attention = attention;
    if (hidden) out.hidden = hidden;
    return out;
  }

  /**
   * Extends each row of idx (B, T) by maxNew sampled tokens, feeding the model at most its last
   * blockSize tokens each time. Async because it reads the logits back to sample.
   */
  async generate(idx: Tensor, maxNew: number, options: GenerateOptions = {}): Promise<Tensor> {
    if (idx.shape.length !== 2 || idx.shape[1] === 0) {
      throw new Error(`GPT.generate: idx must be (B, T) with at least one token per row, got shape [${idx.shape.join(', ')}]`);
    }
    if (!(Number.isInteger(maxNew) && maxNew >= 0)) throw new Error(`GPT.generate: maxNew must be a whole number ≥ 0, got ${maxNew}`);
    const rows = (await idx.toArray()) as number[][];
    const gen = options.seed !== undefined ? new Generator(options.seed) : defaultGenerator();
    const V = this.config.vocabSize;
    const wasTraining = this.training;
    this.eval();
    try {
      for (let step = 0; step < maxNew; step++) {
        const context = rows.map((r) => r.slice(-this.config.blockSize));
        const last = tidy(() =>
          noGrad(() => {
            const { logits } = this.forward(tensor(context)); // (B, T, V)
            const T = logits.shape[1];
            return logits.narrow(1, T - 1, 1); // (B, 1, V)
          }),
        );
        const values = await last.data();
        last.dispose();
        const picked = rows.map((row, b) => {
          const probs = samplingDistribution(values.subarray(b * V, (b + 1) * V), options);
          const id = sampleIndex(probs, gen.random());
          row.push(id);
          return id;
        });
        options.onToken?.(picked, step);
      }
    } finally {
      this.train(wasTraining);
    }
    return tensor(rows);
  }
}

function checkConfig(c: Required<GPTConfig>): void {
  for (const key of ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) throw new Error(`GPT: config.${key} must be a whole number ≥ 1, got ${c[key]}`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new Error(`GPT: nEmbd (${c.nEmbd}) must be divisible by nHead (${c.nHead})`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`GPT: dropout must be in [0, 1), got ${c.dropout}`);
}

export interface GPTParameterCount {
  /** Token embedding V·C (shared with the output head). */
  tokenEmbedding: number;
  /** Learned positions blockSize·C. */
  positionEmbedding: number;
  /** Per block: attention 4C² + 4C (q, k, v and output projection with biases). */
  attentionPerLayer: number;
  /** Per block: MLP 8C² + 5C (C → 4C → C with biases). */
  mlpPerLayer: number;
  /** Per block: two LayerNorms, 4C. */
  layerNormPerLayer: number;
  /** Final LayerNorm, 2C. */
  finalLayerNorm: number;
  total: number;
}

/** The GPT's parameter count from its config alone (equals model.numParameters()). */
export function gptParameterCount(c: Pick<GPTConfig, 'vocabSize' | 'blockSize' | 'nLayer' | 'nEmbd'>): GPTParameterCount {
  const C = c.nEmbd;
  const parts = {
    tokenEmbedding: c.vocabSize * C,
    positionEmbedding: c.blockSize * C,
    attentionPerLayer: 4 * C * C + 4 * C,
    mlpPerLayer: 8 * C * C + 5 * C,
    layerNormPerLayer: 4 * C,
    finalLayerNorm: 2 * C,
  };
  const perLayer = parts.attentionPerLayer + parts.mlpPerLayer + parts.layerNormPerLayer;
  return { ...parts, total: parts.tokenEmbedding + parts.positionEmbedding + c.nLayer * perLayer + parts.finalLayerNorm };
}
