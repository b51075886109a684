// Supervised fine-tuning (SFT): a pre-trained model learns to answer in the chat format. Its
// vocabulary grows by the three chat markers, each conversation is written with the chat template
// (chatTemplate.ts), and the loss counts only what the assistant says and the <|im_end|> that closes
// it: the prompt is given, so the model is not asked to predict it. Used by the model service for the
// reference model and the reader's own, and by SftLab's tiny model; plain in and out, so Node tests
// run it as the workers do.
import { Generator, noGrad, nn, optim, shuffle, tensor, tidy, type Tensor, type Tokenizer } from '../engine/index';
import { IM_END, MARKERS, markerId, modelTokens, segments, type Message, type Token } from './chatTemplate';
import { tokenText } from './tokenText';

export interface Conversation {
  user: string;
  assistant: string;
}

/** A model that reads the chat markers: `tokenizer` is its own, the markers are the ids after it. */
export interface ChatModel {
  gpt: nn.GPT;
  tokenizer: Tokenizer;
}

/** Targets the loss skips (PyTorch's default ignore_index). */
export const IGNORE = -100;
/** A question longer than this is refused before it is tokenized. */
export const MAX_QUESTION_CHARS = 300;

/**
 * A copy of `gpt` with the three markers appended to its vocabulary. Their embedding rows (which
 * the tied head also scores with) start at the mean of the old rows, a neutral start; every old
 * token's embedding, and so its logit, is unchanged.
 */
export async function withChatMarkers(gpt: nn.GPT): Promise<nn.GPT> {
  const { vocabSize: V, nEmbd: C } = gpt.config;
  const state = gpt.stateDict();
  const old = await state['transformer.wte.weight'].data();
  const wte = new Float32Array((V + MARKERS.length) * C);
  wte.set(old);
  for (let r = 0; r < V; r++) for (let c = 0; c < C; c++) wte[V * C + c] += old[r * C + c] / V;
  for (let m = 1; m < MARKERS.length; m++) wte.copyWithin((V + m) * C, V * C, (V + 1) * C);
  const grown = new nn.GPT({ ...gpt.config, vocabSize: V + MARKERS.length });
  const { 'lm_head.weight': _tied, ...rest } = state;
  grown.loadStateDict({ ...rest, 'transformer.wte.weight': { shape: [V + MARKERS.length, C], data: wte } });
  return grown;
}

/** A copy with the same weights (the base model kept for the comparison). */
export function copyModel(m: ChatModel): ChatModel {
  const gpt = new nn.GPT(m.gpt.config);
  gpt.loadStateDict(m.gpt.stateDict());
  return { gpt, tokenizer: m.tokenizer };
}

export function disposeModel(m: ChatModel | null): void {
  for (const p of m?.gpt.parameters() ?? []) p.dispose();
}

/** Characters a character-level tokenizer has never seen (none for a byte-level BPE). */
export function unknownCharacters(tokenizer: Tokenizer, text: string): string[] {
  if (!('has' in tokenizer)) return [];
  return [...new Set([...text].filter((ch) => !tokenizer.has(ch)))];
}

/** The conversation's tokens, and for each whether the loss learns it (the assistant's text and its <|im_end|>). */
export function chatTokens(m: ChatModel, messages: Message[], open: boolean): { tokens: Token[]; learn: boolean[] } {
  const parts = segments(messages, { open });
  const encoded = parts.map((p) => (p.special ? null : m.tokenizer.encode(p.text).map((id) => ({ id, text: tokenText(m.tokenizer, id) }))));
  const V = m.tokenizer.vocabSize;
  const learn = parts.flatMap((p, i) => {
    const answer = messages[p.message]?.role === 'assistant' && (p.content || p.text === IM_END);
    return Array<boolean>(p.special ? 1 : encoded[i]!.length).fill(answer);
  });
  return { tokens: modelTokens(parts, encoded, V), learn };
}

/** Inputs and next-token targets of one conversation; targets the loss skips are IGNORE. */
export interface Example {
  ids: number[];
  targets: number[];
}

export interface Prepared {
  examples: Example[];
  /** Conversations left out, with why (characters the model lacks, too long for its context). */
  skipped: { unknown: number; tooLong: number; characters: string[] };
}

export function prepareExamples(m: ChatModel, conversations: Conversation[]): Prepared {
  const examples: Example[] = [];
  const skipped: Prepared['skipped'] = { unknown: 0, tooLong: 0, characters: [] };
  for (const c of conversations) {
    const missing = unknownCharacters(m.tokenizer, c.user + c.assistant);
    if (missing.length) {
      skipped.unknown++;
      skipped.characters = [...new Set([...skipped.characters, ...missing])];
      continue;
    }
    const { tokens, learn } = chatTokens(m, [{ role: 'user', content: c.user }, { role: 'assistant', content: c.assistant }], false);
    if (tokens.length - 1 > m.gpt.config.blockSize) {
      skipped.tooLong++;
      continue;
    }
    const ids = tokens.map((t) => t.id);
    examples.push({ ids: ids.slice(0, -1), targets: ids.slice(1).map((id, i) => (learn[i + 1] ? id : IGNORE)) });
  }
  return { examples, skipped };
}

/** What the reader is told about conversations left out, or null when none were. */
export function skippedNote(p: Prepared, total: number): string | null {
  const { unknown, tooLong, characters } = p.skipped;
  const reasons: string[] = [];
  const chars = characters.slice(0, 5).map((c) => `'${c}'`).join(', ');
  if (unknown) reasons.push(`${unknown} ${unknown === 1 ? 'uses' : 'use'} characters this model's vocabulary lacks (${chars})`);
  if (tooLong) reasons.push(`${tooLong} ${tooLong === 1 ? 'is' : 'are'} longer than its context`);
  if (!reasons.length) return null;
  const head = p.examples.length ? `${p.examples.length} of ${total} conversations are used` : `None of the ${total} conversations can be used`;
  return `${head}: ${reasons.join(', and ')}.`;
}

export interface SftTrainer {
  model: ChatModel;
  optimizer: optim.AdamW;
  gen: Generator;
  order: number[];
}

export function makeTrainer(model: ChatModel, lr: number, seed: number): SftTrainer {
  model.gpt.train();
  return { model, optimizer: new optim.AdamW(model.gpt.parameters(), { lr, weightDecay: 0 }), gen: new Generator(seed), order: [] };
}

/** A batch of conversations, right-padded; padding is never learned (and, causal, never looked at). */
function nextBatch(t: SftTrainer, examples: Example[], batchSize: number): { x: number[][]; y: number[][] } {
  const picked: Example[] = [];
  while (picked.length < Math.min(batchSize, examples.length)) {
    // Each conversation once per pass, in a fresh seeded order every pass.
    if (!t.order.length) t.order = shuffle(examples.map((_, i) => i), t.gen);
    picked.push(examples[t.order.pop()!]);
  }
  const T = Math.max(...picked.map((e) => e.ids.length));
  const pad = (row: number[], fill: number) => [...row, ...Array<number>(T - row.length).fill(fill)];
  return { x: picked.map((e) => pad(e.ids, e.ids[0])), y: picked.map((e) => pad(e.targets, IGNORE)) };
}

/** One AdamW step on a batch; returns the loss tensor (read it, then dispose it). */
export function sftStep(t: SftTrainer, examples: Example[], batchSize: number): Tensor {
  const { x, y } = nextBatch(t, examples, batchSize);
  return tidy(() => {
    const { loss } = t.model.gpt.forward(tensor(x), tensor(y), { ignoreIndex: IGNORE });
    t.optimizer.zeroGrad();
    loss!.backward();
    optim.clipGradNorm(t.model.gpt.parameters(), 1);
    t.optimizer.step();
    return loss!.detach();
  });
}

/** A clear message for a question the model cannot take, or null. */
export function questionProblem(m: ChatModel, question: string): string | null {
  const q = question.trim();
  if (!q) return 'Type a question first.';
  if (q.length > MAX_QUESTION_CHARS)
    return `That question has ${q.length.toLocaleString('en')} characters; ask in at most ${MAX_QUESTION_CHARS} (a chat turn, not a document).`;
  const missing = unknownCharacters(m.tokenizer, q);
  if (missing.length)
    return `This model's vocabulary has no ${missing.slice(0, 5).map((c) => `'${c}'`).join(', ')}: it knows only the ${m.tokenizer.vocabSize} characters of its training text.`;
  const room = m.gpt.config.blockSize - chatTokens(m, [{ role: 'user', content: q }], true).tokens.length;
  if (room < 8) return `That question fills this model's context of ${m.gpt.config.blockSize} tokens with no room for an answer: shorten it.`;
  return null;
}

export interface ChatAnswer {
  /** The answer's tokens; the last is <|im_end|> when the model stopped by itself. */
  tokens: Token[];
  text: string;
  stopped: boolean;
}

/** Greedy answer to one user message, until <|im_end|> or maxNew tokens (no sampling: the same every time). */
export async function answer(m: ChatModel, question: string, maxNew: number): Promise<ChatAnswer> {
  const problem = questionProblem(m, question);
  if (problem) throw new Error(problem);
  const V = m.tokenizer.vocabSize;
  const end = markerId(IM_END, V);
  const ids = chatTokens(m, [{ role: 'user', content: question.trim() }], true).tokens.map((t) => t.id);
  const out: Token[] = [];
  const wasTraining = m.gpt.training;
  m.gpt.eval();
  try {
    while (out.length < maxNew) {
      const context = ids.slice(-m.gpt.config.blockSize);
      const logits = tidy(() => noGrad(() => m.gpt.forward(tensor([context])).logits.narrow(1, context.length - 1, 1)));
      const values = await logits.data();
      logits.dispose();
      const id = values.indexOf(Math.max(...values));
      ids.push(id);
      out.push(id >= V ? { id, text: MARKERS[id - V], special: true } : { id, text: tokenText(m.tokenizer, id), special: false });
      if (id === end) break;
    }
  } finally {
    m.gpt.train(wasTraining);
  }
  const plain = out.filter((t) => !t.special).map((t) => t.id);
  return { tokens: out, text: m.tokenizer.decode(plain), stopped: out.at(-1)?.id === end };
}

/**
 * How well the model has learned to stop: its mean probability of <|im_end|> right after each
 * example's complete answer (teacher-forced).
 */
export async function endProbability(m: ChatModel, examples: Example[]): Promise<number> {
  const end = markerId(IM_END, m.tokenizer.vocabSize);
  const wasTraining = m.gpt.training;
  m.gpt.eval();
  let sum = 0;
  try {
    for (const e of examples) {
      const p = tidy(() => noGrad(() => m.gpt.forward(tensor([e.ids])).logits.narrow(1, e.ids.length - 1, 1).reshape([-1]).softmax(-1)));
      sum += (await p.data())[end];
      p.dispose();
    }
  } finally {
    m.gpt.train(wasTraining);
  }
  return sum / examples.length;
}
