import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { F, tensor } from '../../../engine';
import { EXAMPLES, defaultState, score, type Mode, type PlaygroundState } from './neuronPlayground';
import { DEFAULT_TRAIN_RATE, MAX_TRAIN_STEPS, costAndGradient, stopReason, trainRun, trainStep } from './train';

type Act = 'sigmoid' | 'relu' | 'gelu';
const start = (mode: Mode, activation: Act): PlaygroundState => ({ ...defaultState(mode), activation });

/** The same cost with the engine's tensors, and the gradients its backward() finds. */
async function engineCostAndGradient(s: PlaygroundState) {
  const X = tensor(EXAMPLES.map((e) => e.x));
  const names = s.mode === 'two' ? (['leaf', 'flower'] as const) : (['single'] as const);
  const W = tensor(names.map((n) => s[n].w), { requiresGrad: true });
  const b = tensor(names.map((n) => s[n].b), { requiresGrad: true });
  const want = tensor(EXAMPLES.map((e) => names.map((n) => (n === 'leaf' ? +(e.label === 'leaf') : +(e.label === 'flower')))));
  const Y = F.activation(s.activation as Act, X.matmul(W.T).add(b));
  // mean over examples of the sum over outputs = mean over all entries × number of outputs
  const cost = Y.sub(want).pow(2).mean().mul(names.length);
  cost.backward();
  return { cost: await cost.item(), dW: await W.grad!.data(), db: await b.grad!.data(), names };
}

describe('training the chapter 1 network with squared error and gradient descent', () => {
  for (const mode of ['two', 'one'] as const) {
    for (const act of ['sigmoid', 'relu', 'gelu'] as const) {
      it(`${mode} neuron(s), ${act}: cost and gradient agree with the engine's backward()`, async () => {
        // Move off the defaults so no sum sits at ReLU's corner and every weight matters.
        const s = trainStep(start(mode, act), 0.2).state;
        const mine = costAndGradient(s);
        const eng = await engineCostAndGradient(s);
        expect(mine.cost).toBeCloseTo(eng.cost, 5);
        eng.names.forEach((n, j) => {
          for (let i = 0; i < 4; i++) expect(mine.grad[n].w[i]).toBeCloseTo(eng.dW[j * 4 + i], 5);
          expect(mine.grad[n].b).toBeCloseTo(eng.db[j], 5);
        });
      });
    }
  }

  it('the gradient matches central finite differences of the cost', () => {
    const s = start('two', 'gelu');
    const { grad } = costAndGradient(s);
    const h = 1e-6;
    for (const n of ['leaf', 'flower'] as const) {
      for (let i = 0; i < 5; i++) {
        const shifted = (d: number) => {
          const t = structuredClone(s);
          if (i < 4) t[n].w[i] += d;
          else t[n].b += d;
          return costAndGradient(t).cost;
        };
        const numeric = (shifted(h) - shifted(-h)) / (2 * h);
        expect(i < 4 ? grad[n].w[i] : grad[n].b).toBeCloseTo(numeric, 6);
      }
    }
  });

  it('from the chapter 1 weights, sigmoid at the default rate: the cost falls every step and all eight become right', () => {
    let s = start('two', 'sigmoid');
    expect(score(s).correct).toBe(6);
    let prev = costAndGradient(s).cost;
    expect(prev).toBeCloseTo(0.4024, 4);
    let firstAllRight = -1;
    for (let i = 1; i <= 300; i++) {
      const r = trainStep(s, DEFAULT_TRAIN_RATE);
      s = r.state;
      const c = costAndGradient(s).cost;
      expect(c).toBeLessThan(prev);
      prev = c;
      if (firstAllRight < 0 && score(s).correct === 8) firstAllRight = i;
    }
    expect(firstAllRight).toBeGreaterThan(20);
    expect(firstAllRight).toBeLessThan(150);
    expect(prev).toBeLessThan(0.1);
    const run = trainRun(start('two', 'sigmoid'), DEFAULT_TRAIN_RATE, 300);
    expect(run.firstAllRight).toBe(firstAllRight);
    expect(run.costs).toHaveLength(301);
    expect(run.costs[300]).toBeCloseTo(prev, 12);
  });

  it('chapter 2 quotes this run truthfully', () => {
    const chapter = readFileSync(new URL('../../../content/chapters/02-learning.mdx', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const run = trainRun(start('two', 'sigmoid'), DEFAULT_TRAIN_RATE, 300);
    const quoted = `get ${score(start('two', 'sigmoid')).correct} of ${EXAMPLES.length} examples right with a cost of ${run.costs[0].toFixed(3)}.`;
    expect(chapter).toContain(quoted);
    expect(chapter).toContain(
      `At the starting learning rate of ${DEFAULT_TRAIN_RATE}, all eight are right after ${run.firstAllRight} steps, and after 300 steps the cost is down to ${run.costs[300].toFixed(3)};`,
    );
  });

  it('ReLU at rate 1 shows a dying network: the cost jumps up and stays above where it began', () => {
    const run = trainRun(start('two', 'relu'), 1, 200);
    expect(run.costs[200]).toBeGreaterThan(run.costs[0]);
    expect(score(run.state).correct).toBeLessThan(6);
    expect(run.firstAllRight).toBeNull();
  });

  it('the weights stay inside the sliders (−5…5)', () => {
    let s = start('one', 'sigmoid');
    for (let i = 0; i < 1000; i++) s = trainStep(s, 3).state;
    for (const v of [...s.single.w, s.single.b]) expect(Math.abs(v)).toBeLessThanOrEqual(5);
    expect(score(s).correct).toBe(8);
  });

  it('the step activation gets no gradient, and a run says why it stops', () => {
    const s = { ...defaultState('two'), activation: 'step' as const };
    const { grad } = costAndGradient(s);
    expect([...grad.leaf.w, grad.leaf.b, ...grad.flower.w, grad.flower.b].every((g) => g === 0)).toBe(true);
    expect(trainStep(s, 1).state.leaf).toEqual(s.leaf);
    expect(stopReason(s, 0, 0.5, 0.5)).toMatch(/slope 0/);
    const sig = start('two', 'sigmoid');
    expect(stopReason(sig, 10, 0.3, 0.31)).toBeNull();
    expect(stopReason(sig, MAX_TRAIN_STEPS, 0.3, 0.31)).toMatch(/Paused after/);
    expect(stopReason(sig, 10, 0.3, 0.3 + 1e-9)).toMatch(/Converged/);
    expect(stopReason(sig, 10, NaN, 0.3)).toMatch(/no longer a number/);
  });
});
