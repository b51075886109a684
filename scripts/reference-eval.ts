// Measurements of a trained GPT on held-out text, shared by the reference recipe (which writes them
// into the model card) and the test that recomputes them from the shipped file.
import { noGrad, tensor, tidy, type BpeTokenizer, type CharTokenizer, type nn } from '../src/engine/index';

type Tokenizer = BpeTokenizer | CharTokenizer;
/** The slice the card's `sliceNatsPerToken` is measured on: the first tokens of the validation text. */
export const SLICE_TOKENS = 4096;

/** Non-overlapping windows of blockSize + 1 tokens: each predicts its last blockSize tokens. */
function windows(ids: number[], blockSize: number, limit = Infinity): number[][] {
  const out: number[][] = [];
  for (let i = 0; i + blockSize + 1 <= ids.length && out.length * blockSize < limit; i += blockSize) out.push(ids.slice(i, i + blockSize + 1));
  return out;
}

/** Mean next-token loss (nats) over windows, batched. */
async function meanLoss(model: nn.GPT, rows: number[][]): Promise<number> {
  let sum = 0;
  const batch = 8;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const loss = tidy(() =>
      noGrad(() => model.forward(tensor(chunk.map((r) => r.slice(0, -1))), tensor(chunk.map((r) => r.slice(1)))).loss!),
    );
    sum += (await loss.item()) * chunk.length;
    loss.dispose();
  }
  return sum / rows.length;
}

export interface TextEvaluation {
  /** Mean loss over the whole validation text, in nats per token. */
  valNatsPerToken: number;
  /** The same loss per character of the text the predicted tokens spell, in bits. */
  valBitsPerChar: number;
  valTokens: number;
  valChars: number;
  /** Mean loss over the first SLICE_TOKENS predicted tokens (a quick check of the shipped file). */
  sliceNatsPerToken: number;
}

export async function evaluateText(model: nn.GPT, tokenizer: Tokenizer, text: string): Promise<TextEvaluation> {
  model.eval();
  const ids = tokenizer.encode(text);
  const T = model.config.blockSize;
  const rows = windows(ids, T);
  const valNatsPerToken = await meanLoss(model, rows);
  const predicted = rows.flatMap((r) => r.slice(1));
  const chars = Array.from(tokenizer.decode(predicted)).length;
  const sliceNatsPerToken = await sliceLoss(model, tokenizer, text);
  return {
    valNatsPerToken,
    valBitsPerChar: (valNatsPerToken * predicted.length) / chars / Math.LN2,
    valTokens: predicted.length,
    valChars: chars,
    sliceNatsPerToken,
  };
}

export async function sliceLoss(model: nn.GPT, tokenizer: Tokenizer, text: string): Promise<number> {
  model.eval();
  return meanLoss(model, windows(tokenizer.encode(text), model.config.blockSize, SLICE_TOKENS));
}

export interface HeadScore {
  layer: number;
  head: number;
  /** Mean attention weight a query puts on the token just before it. */
  previous: number;
  /** ... on the first token of the context. */
  first: number;
  /** ... on itself. */
  self: number;
  /** The strongest habit, when one takes over 40% of the weight; otherwise "mixed". */
  label: 'previous token' | 'first token' | 'self' | 'mixed';
}

/** How each head spends its attention, averaged over queries 2…T of a few validation windows. */
export async function headScores(model: nn.GPT, tokenizer: Tokenizer, text: string, nWindows = 8): Promise<HeadScore[]> {
  model.eval();
  const T = model.config.blockSize;
  const rows = windows(tokenizer.encode(text), T, nWindows * T).map((r) => r.slice(0, -1));
  const { nLayer, nHead } = model.config;
  const out: HeadScore[] = [];
  const attention = noGrad(() => model.forward(tensor(rows), null, { returnAttention: true }));
  const maps = await Promise.all(attention.attention!.map((a) => a.data())); // each (B, nh, T, T)
  attention.logits.dispose();
  for (const a of attention.attention!) a.dispose();
  for (let l = 0; l < nLayer; l++) {
    for (let h = 0; h < nHead; h++) {
      let previous = 0, first = 0, self = 0, n = 0;
      for (let b = 0; b < rows.length; b++) {
        const base = (b * nHead + h) * T * T;
        for (let t = 1; t < T; t++) {
          const row = base + t * T;
          previous += maps[l][row + t - 1];
          first += maps[l][row];
          self += maps[l][row + t];
          n++;
        }
      }
      const s = { previous: previous / n, first: first / n, self: self / n };
      const best = (Object.entries(s) as [keyof typeof s, number][]).sort((x, y) => y[1] - x[1])[0];
      const names = { previous: 'previous token', first: 'first token', self: 'self' } as const;
      out.push({ layer: l, head: h, ...s, label: best[1] > 0.4 ? names[best[0]] : 'mixed' });
    }
  }
  return out;
}
