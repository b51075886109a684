// RL with a verifiable reward, at toy scale, on a real (tiny) GPT. The task is reversing a
// four-letter word over a, b, c, d, written character by character: "abcc>ccba." (the answer and an
// end marker). The 256 words are split three ways:
//   - warm-up: worked answers, a few steps of ordinary next-token training (the "base model");
//   - practice: the model only ever sees its own sampled answers and a checker's 0 or 1;
//   - held-out: never trained on in any way, only measured.
// As in DeepSeek's GRPO, each practice problem is attempted by a group of samples and each attempt
// is scored against its own group (no critic), so only groups with mixed results teach anything.
// The update is the warm-up's loss on the model's own answers, weighted by those scores.
import { CharTokenizer, Generator, manualSeed, nn, noGrad, optim, rl, shuffle, tensor, tidy, type Tensor } from '../../../engine';

export const LETTERS = 'abcd';
export const WORD_LENGTH = 4;
export const END = '.';
export const TOKENIZER = new CharTokenizer([...LETTERS, '>', END]);
const END_ID = TOKENIZER.encode(END)[0];
const PROMPT_LENGTH = WORD_LENGTH + 1;
/** The answer and its end marker. */
export const ANSWER_LENGTH = WORD_LENGTH + 1;

export interface Problem {
  word: string;
}
/** Every word of WORD_LENGTH letters from LETTERS. */
export const PROBLEMS: Problem[] = Array.from({ length: LETTERS.length ** WORD_LENGTH }, (_, i) => ({
  word: Array.from({ length: WORD_LENGTH }, (_, k) => LETTERS[Math.floor(i / LETTERS.length ** (WORD_LENGTH - 1 - k)) % LETTERS.length]).join(''),
}));
export const prompt = (p: Problem) => `${p.word}>`;
export const solution = (p: Problem) => [...p.word].reverse().join('');

/** The verifier, the whole reward function: the text up to the end marker is the word reversed. */
export function isCorrect(p: Problem, completion: string): boolean {
  const end = completion.indexOf(END);
  return end >= 0 && completion.slice(0, end) === solution(p);
}

export interface Split {
  warmup: Problem[];
  practice: Problem[];
  heldOut: Problem[];
}

/** A seeded three-way split of the 256 words. */
export function splitProblems(sizes: { warmup: number; heldOut: number }, seed: number): Split {
  const order = shuffle(PROBLEMS, seed);
  return {
    warmup: order.slice(0, sizes.warmup),
    heldOut: order.slice(sizes.warmup, sizes.warmup + sizes.heldOut),
    practice: order.slice(sizes.warmup + sizes.heldOut),
  };
}

export const MODEL_CONFIG = { vocabSize: TOKENIZER.vocabSize, blockSize: PROMPT_LENGTH + ANSWER_LENGTH, nLayer: 2, nHead: 4, nEmbd: 32 };

/**
 * The widget's run. The warm-up is short on purpose: enough for the answer format and a few right
 * answers, far from all. RL's learning rate is lower than the warm-up's because its gradient is
 * noisier (the model's own samples, scored 0 or 1, instead of worked answers).
 */
export const SETTINGS = {
  seed: 1,
  split: { warmup: 30, heldOut: 40 },
  warmupSteps: 28,
  warmupLr: 1e-2,
  rlLr: 4e-3,
  rl: { problems: 8, group: 8 },
};

export interface Learner {
  model: nn.GPT;
  optimizer: optim.AdamW;
  gen: Generator;
}

function makeLearner(seed: number, lr: number): Learner {
  manualSeed(seed);
  const model = new nn.GPT(MODEL_CONFIG);
  return { model, optimizer: new optim.AdamW(model.parameters(), { lr, weightDecay: 0 }), gen: new Generator(seed) };
}

/** The base model of a run: random weights, then the supervised warm-up on the worked words. */
export function baseModel(split: Split, settings = SETTINGS): Learner {
  const l = makeLearner(settings.seed, settings.warmupLr);
  for (let i = 0; i < settings.warmupSteps; i++) warmupStep(l, split.warmup);
  l.optimizer.lr = settings.rlLr;
  return l;
}

/** Token ids of prompt + answer, cut or padded with end markers to the block size. */
function encodeRow(p: Problem, answer: string): number[] {
  const ids = TOKENIZER.encode(prompt(p) + answer).slice(0, MODEL_CONFIG.blockSize);
  while (ids.length < MODEL_CONFIG.blockSize) ids.push(END_ID);
  return ids;
}

/**
 * log π(answer | prompt) for each row (B): the sum of the log-probabilities of the answer's
 * tokens up to and including the first end marker. Differentiable.
 */
function answerLogProbs(model: nn.GPT, rows: number[][]): Tensor {
  const B = rows.length;
  const T = MODEL_CONFIG.blockSize - 1;
  const V = MODEL_CONFIG.vocabSize;
  // Picks each counted target token out of the (B, T, V) log-probabilities.
  const pick = new Float32Array(B * T * V);
  rows.forEach((row, b) => {
    for (let t = PROMPT_LENGTH - 1; t < T; t++) {
      pick[(b * T + t) * V + row[t + 1]] = 1;
      if (row[t + 1] === END_ID) break;
    }
  });
  const { logits } = model.forward(tensor(rows.map((r) => r.slice(0, T))));
  return logits.logSoftmax(-1).mul(tensor(pick).reshape([B, T, V])).sum([1, 2]);
}

/** One AdamW step on −mean(weight · log π(answer)): with weights 1 this is supervised training. */
function weightedStep(l: Learner, rows: number[][], weights: number[]): void {
  tidy(() => {
    const loss = answerLogProbs(l.model, rows).mul(tensor(weights)).mean().neg();
    l.optimizer.zeroGrad();
    loss.backward();
    optim.clipGradNorm(l.model.parameters(), 1);
    l.optimizer.step();
  });
}

/** Supervised warm-up: one step on every worked answer of `problems`. */
function warmupStep(l: Learner, problems: Problem[]): void {
  weightedStep(l, problems.map((p) => encodeRow(p, `${solution(p)}${END}`)), problems.map(() => 1));
}

/** The chance that a sampled answer (temperature 1) is right, for each problem. */
export async function chanceRight(model: nn.GPT, problems: Problem[]): Promise<number[]> {
  const logp = tidy(() => noGrad(() => answerLogProbs(model, problems.map((p) => encodeRow(p, `${solution(p)}${END}`)))));
  const values = await logp.data();
  logp.dispose();
  return Array.from(values, Math.exp);
}

export const meanChanceRight = async (model: nn.GPT, problems: Problem[]) => rl.meanOf(await chanceRight(model, problems));

/** The model's answers, sampled (temperature 1) or greedy (temperature 0). */
export async function answers(model: nn.GPT, problems: Problem[], temperature: number, seed: number): Promise<string[]> {
  const idx = tensor(problems.map((p) => TOKENIZER.encode(prompt(p))));
  const out = await model.generate(idx, ANSWER_LENGTH, { temperature, seed });
  const rows = (await out.toArray()) as number[][];
  idx.dispose();
  out.dispose();
  return rows.map((r) => {
    const answer = TOKENIZER.decode(r.slice(PROMPT_LENGTH));
    const end = answer.indexOf(END);
    return end < 0 ? answer : answer.slice(0, end + 1);
  });
}

export interface RlOptions {
  /** Problems per step. */
  problems: number;
  /** Attempts per problem (the group). */
  group: number;
}

export interface Attempt {
  problem: Problem;
  answer: string;
  correct: boolean;
}

export interface RlStepResult {
  attempts: Attempt[];
  /** Groups whose attempts were neither all right nor all wrong: the only ones that teach. */
  mixedGroups: number;
}

/** One GRPO step: sample a group of answers per problem, check them, reinforce against the group. */
export async function rlStep(l: Learner, practice: Problem[], opts: RlOptions): Promise<RlStepResult> {
  const problems = Array.from({ length: opts.problems }, () => practice[l.gen.int(practice.length)]);
  const tries = problems.flatMap((p) => Array.from({ length: opts.group }, () => p));
  const sampled = await answers(l.model, tries, 1, l.gen.int(2 ** 31));
  const attempts = tries.map((problem, i) => ({ problem, answer: sampled[i], correct: isCorrect(problem, sampled[i]) }));
  const weights: number[] = [];
  let mixedGroups = 0;
  for (let j = 0; j < problems.length; j++) {
    const rewards = attempts.slice(j * opts.group, (j + 1) * opts.group).map((a) => (a.correct ? 1 : 0));
    const advantages = rl.groupAdvantages(rewards);
    if (advantages.some((a) => a !== 0)) mixedGroups++;
    weights.push(...advantages);
  }
  if (mixedGroups > 0) weightedStep(l, attempts.map((a) => encodeRow(a.problem, a.answer)), weights);
  return { attempts, mixedGroups };
}
