// Supervised fine-tuning at toy scale: a character-level GPT is pre-trained on plain sentences
// (its "internet"), then trained further, with the same loss, on conversations written as
//   User: <question>\nAssistant: <answer>␃
// where ␃ is one character playing <|im_end|>. The base model has never seen the format; the
// fine-tuned one answers in it and stops at the end marker.
import { CharTokenizer, Generator, manualSeed, nn, noGrad, optim, sampleBatch, shuffle, tensor, tidy, type Tensor } from '../../../engine';

export const END = '␃';
export const END_LABEL = '<|im_end|>';
export const MAX_QUESTION = 120;

export interface Conversation {
  user: string;
  assistant: string;
}
export interface ConversationSet {
  licence: string;
  documents: string[];
  conversations: Conversation[];
}

export const formatPrompt = (question: string) => `User: ${question}\nAssistant:`;
export const formatConversation = (c: Conversation) => `${formatPrompt(c.user)} ${c.assistant}${END}\n`;

/** Plain text: every sentence, in a few seeded shuffles, one per line. */
export function pretrainingText(data: ConversationSet, seed: number, repeats = 4): string {
  return Array.from({ length: repeats }, (_, r) => shuffle(data.documents, seed + r).join('\n')).join('\n') + '\n';
}

export function fineTuningText(data: ConversationSet, seed: number, repeats = 4): string {
  return Array.from({ length: repeats }, (_, r) => shuffle(data.conversations, seed + 100 + r).map(formatConversation).join('')).join('');
}

/** One vocabulary for both stages (the end marker included), so fine-tuning reuses the base model. */
export function tokenizerFor(data: ConversationSet): CharTokenizer {
  const all = data.documents.join('\n') + data.conversations.map(formatConversation).join('');
  return CharTokenizer.fromText(all + END);
}

export type ModelConfig = Omit<nn.GPTConfig, 'vocabSize'>;
export const MODEL_CONFIG: ModelConfig = { blockSize: 64, nLayer: 2, nHead: 2, nEmbd: 48, dropout: 0 };

export function makeModel(vocabSize: number, seed: number, config: ModelConfig = MODEL_CONFIG): nn.GPT {
  manualSeed(seed);
  return new nn.GPT({ vocabSize, ...config });
}

/** A clear message for a question the tiny model cannot take, or null. */
export function checkQuestion(question: string, tok: CharTokenizer): string | null {
  const q = question.trim();
  if (!q) return 'Type a question first.';
  if (q.length > MAX_QUESTION) return `That question has ${q.length.toLocaleString('en')} characters; this tiny model takes at most ${MAX_QUESTION}.`;
  const unknown = [...new Set([...q].filter((ch) => !tok.has(ch)))];
  if (unknown.length)
    return `The model's vocabulary has no ${unknown.slice(0, 5).map((c) => `'${c}'`).join(', ')}: it only knows the ${tok.vocabSize} characters of its training text (letters, digits and simple punctuation).`;
  return null;
}

export interface Trainer {
  model: nn.GPT;
  optimizer: optim.AdamW;
  gen: Generator;
}

export function makeTrainer(model: nn.GPT, lr: number, seed: number): Trainer {
  return { model, optimizer: new optim.AdamW(model.parameters(), { lr, weightDecay: 0 }), gen: new Generator(seed) };
}

/** One AdamW step on a random batch of windows from `ids`; returns the loss tensor (read it later). */
export function trainStep(t: Trainer, ids: ArrayLike<number>, batchSize = 16): Tensor {
  return tidy(() => {
    const { x, y } = sampleBatch(ids, t.model.config.blockSize, batchSize, t.gen);
    const { loss } = t.model.forward(x, y);
    t.optimizer.zeroGrad();
    loss!.backward();
    optim.clipGradNorm(t.model.parameters(), 1);
    t.optimizer.step();
    return loss!.detach();
  });
}

export interface Answer {
  text: string;
  /** Whether the model produced the end marker (and so stopped by itself). */
  stopped: boolean;
}

/** Greedy continuation of the chat prompt, up to the end marker or maxNew characters. */
export async function answer(model: nn.GPT, tok: CharTokenizer, question: string, maxNew = 60): Promise<Answer> {
  const endId = tok.encode(END)[0];
  const ids = tok.encode(formatPrompt(question.trim()));
  let text = '';
  for (let i = 0; i < maxNew; i++) {
    const ctx = tensor([ids.slice(-model.config.blockSize)]);
    const out = await model.generate(ctx, 1, { temperature: 0 });
    const next = ((await out.toArray()) as number[][])[0].at(-1)!;
    ctx.dispose();
    out.dispose();
    if (next === endId) return { text, stopped: true };
    ids.push(next);
    text += tok.decode([next]);
  }
  return { text, stopped: false };
}

/**
 * How well the model has learned to stop: its mean probability of the end marker right after each
 * conversation's complete answer (teacher-forced, one forward per conversation).
 */
export async function endProbability(model: nn.GPT, tok: CharTokenizer, convs: Conversation[]): Promise<number> {
  const endId = tok.encode(END)[0];
  let sum = 0;
  for (const c of convs) {
    const text = formatConversation(c);
    const ids = tok.encode(text.slice(0, text.indexOf(END))).slice(-model.config.blockSize);
    const p = tidy(() =>
      noGrad(() => {
        const { logits } = model.forward(tensor([ids])); // (1, T, V)
        return logits.narrow(1, ids.length - 1, 1).reshape([tok.vocabSize]).softmax(-1);
      }),
    );
    sum += (await p.data())[endId];
    p.dispose();
  }
  return sum / convs.length;
}

/** Copies a model's weights into a fresh one (the base model kept for comparison). */
export function cloneModel(model: nn.GPT): nn.GPT {
  const copy = new nn.GPT(model.config);
  copy.loadStateDict(model.stateDict());
  return copy;
}
