// RL with a verifiable reward, at toy scale: a model answers "a + b = ?" for digits a and b, and
// the only teaching signal is a checker that says right (1) or wrong (0); no worked solution is
// ever shown. As in DeepSeek-R1's GRPO, each problem is attempted by a group of samples and each
// attempt is judged against its own group's mean reward, so only problems where some attempts
// succeed and others fail teach anything. The model is as small as it can be: one row of 19
// answer scores (0–18) per problem, all zero at the start, so it begins by guessing (1 in 19).
import { rl } from '../../../engine';

export const DIGITS = 10;
export const ANSWERS = 2 * DIGITS - 1; // 0 … 18

export interface Problem {
  a: number;
  b: number;
}
export const PROBLEMS: Problem[] = Array.from({ length: DIGITS * DIGITS }, (_, i) => ({ a: Math.floor(i / DIGITS), b: i % DIGITS }));
const indexOf = (p: Problem) => p.a * DIGITS + p.b;

/** The verifier: the whole reward function. */
export const isCorrect = (p: Problem, answer: number) => answer === p.a + p.b;

/** Parameters: (100 problems, 19 answers) of logits, flattened. */
export type Params = Float64Array;
export const initParams = (): Params => new Float64Array(PROBLEMS.length * ANSWERS);

export const logits = (w: Params, p: Problem) => w.subarray(indexOf(p) * ANSWERS, (indexOf(p) + 1) * ANSWERS);

export function sampleAnswer(w: Params, p: Problem, rand: () => number): number {
  return rl.sampleIndex(rl.softmax(logits(w, p)), rand());
}

/**
 * Accuracy of sampled answers, in expectation: the mean probability of the right answer over all
 * 100 problems (the model answers by sampling, as a chat model does).
 */
export const accuracy = (w: Params) => rl.meanOf(PROBLEMS.map((p) => rl.softmax(logits(w, p))[p.a + p.b]));

export interface Attempt {
  problem: Problem;
  answer: number;
  correct: boolean;
}

export interface RlOptions {
  /** Problems per step. */
  problems: number;
  /** Attempts per problem (the group). */
  group: number;
  lr: number;
}

/** One step: for each of a few random problems, a group of attempts, REINFORCE against the group mean. */
export function rlStep(w: Params, opts: RlOptions, rand: () => number): { params: Params; attempts: Attempt[] } {
  const next = Float64Array.from(w);
  const attempts: Attempt[] = [];
  for (let j = 0; j < opts.problems; j++) {
    const problem = PROBLEMS[Math.floor(rand() * PROBLEMS.length)];
    const z = logits(w, problem);
    const p = rl.softmax(z);
    const answers = Array.from({ length: opts.group }, () => rl.sampleIndex(p, rand()));
    const rewards = answers.map((a) => (isCorrect(problem, a) ? 1 : 0));
    const g = rl.reinforceGradient(z, answers, rewards); // baseline: this group's mean reward
    const row = logits(next, problem);
    for (let k = 0; k < ANSWERS; k++) row[k] += opts.lr * g[k];
    answers.forEach((answer, i) => attempts.push({ problem, answer, correct: rewards[i] === 1 }));
  }
  return { params: next, attempts };
}

/** A fixed handful of problems, answered by sampling, for "before and after". */
export const SHOWCASE: Problem[] = [
  { a: 2, b: 3 },
  { a: 7, b: 5 },
  { a: 9, b: 9 },
  { a: 4, b: 0 },
  { a: 6, b: 8 },
  { a: 1, b: 7 },
];

export function showcase(w: Params, rand: () => number): Attempt[] {
  return SHOWCASE.map((problem) => {
    const answer = sampleAnswer(w, problem, rand);
    return { problem, answer, correct: isCorrect(problem, answer) };
  });
}
