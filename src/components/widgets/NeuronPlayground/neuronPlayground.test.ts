import { describe, expect, test } from 'vitest';
import { scalar } from '../../../engine/light';

const { gelu, relu, sigmoid } = scalar;
import {
  EXAMPLES, boundaryGrid, checkExercise, decodeState, defaultState, encodeState, evaluate, fmt,
  readHash, removeHash, score, sumText, tieReason, weightedSum, writeHash,
} from './neuronPlayground';

describe('the two-neuron network (the chapter\'s worked example)', () => {
  const s = defaultState();
  const oak = EXAMPLES[0].x;

  test('weighted sums of the oak leaf are 0.70 (leaf) and 0.09 (flower)', () => {
    expect(weightedSum(s.leaf, oak)).toBeCloseTo(0.7, 12);
    expect(weightedSum(s.flower, oak)).toBeCloseTo(0.09, 12);
  });

  test('sigmoid outputs 0.668 and 0.522, so the larger output says leaf', () => {
    const r = evaluate(s, oak);
    expect(r.leaf!.y).toBeCloseTo(0.6682, 4);
    expect(r.flower!.y).toBeCloseTo(0.5225, 4);
    expect(r.class).toBe('leaf');
  });

  test('the output is the activation of the sum, for every activation', () => {
    for (const [name, f] of [['sigmoid', sigmoid], ['relu', relu], ['gelu', gelu]] as const) {
      const r = evaluate({ ...s, activation: name }, oak);
      expect(r.flower!.y).toBe(f(0.25 - 0.55 + 0.15 + 1.2 * 0.2));
    }
  });

  test('equal outputs are a tie: ReLU with both sums negative', () => {
    const t = { ...defaultState(), activation: 'relu' as const, leaf: { w: [0, 0, 0, 0] as [number, number, number, number], b: -1 }, flower: { w: [0, 0, 0, 0] as [number, number, number, number], b: -2 } };
    expect(evaluate(t).class).toBe('tie');
    // GELU is not monotonic below 0: GELU(−2) ≈ −0.045 is above GELU(−1) ≈ −0.159.
    expect(evaluate({ ...t, activation: 'gelu' }).class).toBe('flower');
  });

  test('the starting weights get 6 of 8 examples right: the red leaf and the big leaf are wrong', () => {
    expect(score(s)).toEqual({ correct: 6, total: 8, wrong: ['autumn maple leaf', 'hosta leaf'] });
  });
});

describe('one neuron', () => {
  test('flower exactly when z > 0, whatever the activation', () => {
    const s = { ...defaultState('one'), single: { w: [0, 0, 0, 1] as [number, number, number, number], b: -0.5 } };
    for (const activation of ['step', 'sigmoid', 'relu', 'gelu'] as const) {
      expect(evaluate({ ...s, activation, x: [0, 0, 0, 0.6] }).class).toBe('flower');
      expect(evaluate({ ...s, activation, x: [0, 0, 0, 0.5] }).class).toBe('leaf');
    }
  });

  test('no single input separates the examples, but red + 2·blue + 2·volume − 2.2 does', () => {
    for (let i = 0; i < 4; i++)
      for (const sign of [1, -1]) {
        const w: [number, number, number, number] = [0, 0, 0, 0];
        w[i] = sign;
        const best = Math.max(...EXAMPLES.map((e) => -sign * e.x[i]).map((b) => score({ ...defaultState('one'), single: { w, b: b + 1e-6 } }).correct));
        expect(best).toBeLessThan(8);
      }
    const solved = { ...defaultState('one'), single: { w: [1, 0, 2, 2] as [number, number, number, number], b: -2.2 } };
    expect(score(solved).correct).toBe(8);
    expect(checkExercise('one-neuron', solved)).toBe(true);
    expect(checkExercise('one-neuron', defaultState('one'))).toBe(false);
  });

  test('the two-neuron exercise passes with the same solution as a flower neuron and a silent leaf neuron', () => {
    const s = { ...defaultState(), flower: { w: [1, 0, 2, 2] as [number, number, number, number], b: -2.2 }, leaf: { w: [0, 0, 0, 0] as [number, number, number, number], b: 0 } };
    expect(checkExercise('two-neurons', s)).toBe(true);
    expect(checkExercise('two-neurons', defaultState())).toBe(false);
  });
});

test('boundaryGrid: row 0 is the top of the plot (high values of the vertical input)', () => {
  const s = { ...defaultState('one'), axes: [0, 3] as [number, number], single: { w: [0, 0, 0, 1] as [number, number, number, number], b: -0.5 } };
  const g = boundaryGrid(s, 10);
  expect(g.slice(0, 10).every((c) => c === 'flower')).toBe(true); // volume 0.95
  expect(g.slice(90).every((c) => c === 'leaf')).toBe(true); // volume 0.05
  expect(g.filter((c) => c === 'flower').length).toBe(50);
});

test('the written-out sum shows the current numbers', () => {
  expect(sumText({ w: [-1, 2, -1, 0], b: 0.5 }, [0.25, 0.55, 0.15, 0.2])).toBe('−1×0.25 + 2×0.55 + −1×0.15 + 0×0.2 + 0.5');
  expect(fmt(-0.0001, 2)).toBe('0');
});

describe('URL state', () => {
  test('round-trips through the hash and leaves other widgets\' entries alone', () => {
    const s = { ...defaultState(), activation: 'gelu' as const, x: [0.1, 0.2, 0.3, 0.4] as [number, number, number, number], axes: [2, 1] as [number, number] };
    const hash = writeHash('#ex1=keep;me&neuron=old', 'neuron', encodeState(s));
    expect(hash.startsWith('#ex1=keep;me&neuron=two;gelu;0.1,0.2,0.3,0.4;')).toBe(true);
    expect(decodeState(readHash(hash, 'neuron')!)).toEqual(s);
    expect(readHash(hash, 'ex1')).toBe('keep;me');
  });

  test('malformed or hostile input gives null; out-of-range numbers are clamped', () => {
    expect(decodeState('garbage')).toBeNull();
    expect(decodeState('two;softmax;0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,3')).toBeNull();
    expect(decodeState('two;relu;0,0,NaN,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,3')).toBeNull();
    expect(decodeState('two;relu;0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;1,1')).toBeNull();
    const c = decodeState('one;step;9,0,0,0;99,0,0,0,-99;0,0,0,0,0;0,0,0,0,0;0,3')!;
    expect(c.x[0]).toBe(1);
    expect(c.leaf.w[0]).toBe(5);
    expect(c.leaf.b).toBe(-5);
  });
});

describe('Reset and ties', () => {
  test('removeHash drops only this widget\'s entry, and leaves no "#" when nothing is left', () => {
    expect(removeHash('#neuron=two;sigmoid&ex1=one;relu', 'neuron')).toBe('#ex1=one;relu');
    expect(removeHash('#neuron=two;sigmoid', 'neuron')).toBe('');
    expect(removeHash('', 'neuron')).toBe('');
    expect(readHash(removeHash(writeHash('#a=1', 'neuron', encodeState(defaultState())), 'neuron'), 'neuron')).toBeNull();
  });

  test('with step and the starting weights five examples tie, because both sums are above 0', () => {
    const s = { ...defaultState(), activation: 'step' as const };
    const ties = EXAMPLES.filter((e) => evaluate(s, e.x).class === 'tie');
    expect(ties.map((e) => e.name)).toEqual(['oak leaf', 'hosta leaf', 'fern frond', 'sunflower', 'daisy']);
    for (const e of ties) {
      const r = evaluate(s, e.x);
      expect(r.leaf!.z).toBeGreaterThan(0);
      expect(r.flower!.z).toBeGreaterThan(0);
      expect(tieReason(s, r)).toMatch(/both sums are above 0, so both neurons output 1/);
    }
    expect(tieReason(defaultState(), evaluate(defaultState()))).toBeNull();
  });
});
