// Pure logic of the NeuronPlayground: the leaf-vs-flower network (4 inputs, 2 output neurons),
// its one-neuron simplification, the illustrative examples, exercise checks and the URL state.
import { activations, type ActivationName } from '../../../engine/light';
import { formatNumber } from '../../plot/format';

export type Vec4 = [number, number, number, number];
export type Mode = 'two' | 'one';
export type ClassName = 'leaf' | 'flower' | 'tie';

/** The four inputs, each scaled to 0…1: colour channels ÷ 255, volume ÷ 20 cm³. */
export const FEATURES = [
  { key: 'r', name: 'red', symbol: 'R' },
  { key: 'g', name: 'green', symbol: 'G' },
  { key: 'b', name: 'blue', symbol: 'B' },
  { key: 'v', name: 'volume', symbol: 'V' },
] as const;

/** Activations offered by the picker (definitions shared with the tensor ops). */
export const ACTIVATIONS: ActivationName[] = ['step', 'sigmoid', 'relu', 'gelu'];

export interface Neuron {
  w: Vec4;
  b: number;
}

export interface PlaygroundState {
  mode: Mode;
  activation: ActivationName;
  x: Vec4;
  leaf: Neuron;
  flower: Neuron;
  single: Neuron;
  /** Feature indices on the plot's horizontal and vertical axes. */
  axes: [number, number];
}

export interface Example {
  name: string;
  label: 'leaf' | 'flower';
  x: Vec4;
}

/** Made-up measurements for illustration (not a real data set), chosen so no single input separates them. */
export const EXAMPLES: Example[] = [
  { name: 'oak leaf', label: 'leaf', x: [0.25, 0.55, 0.15, 0.2] },
  { name: 'autumn maple leaf', label: 'leaf', x: [0.8, 0.35, 0.1, 0.15] },
  { name: 'hosta leaf', label: 'leaf', x: [0.2, 0.5, 0.25, 0.6] },
  { name: 'fern frond', label: 'leaf', x: [0.15, 0.45, 0.15, 0.3] },
  { name: 'rose', label: 'flower', x: [0.85, 0.2, 0.35, 0.55] },
  { name: 'sunflower', label: 'flower', x: [0.95, 0.8, 0.1, 0.9] },
  { name: 'bluebell', label: 'flower', x: [0.4, 0.35, 0.85, 0.25] },
  { name: 'daisy', label: 'flower', x: [0.95, 0.95, 0.9, 0.2] },
];

export const RANGES = {
  input: { min: 0, max: 1, step: 0.01 },
  weight: { min: -5, max: 5, step: 0.1 },
  bias: { min: -5, max: 5, step: 0.1 },
} as const;

/** Starting point: "green means leaf, colourful and big means flower" — right for most examples, not all. */
export function defaultState(mode: Mode = 'two'): PlaygroundState {
  return {
    mode,
    activation: 'sigmoid',
    x: [...EXAMPLES[0].x],
    leaf: { w: [-1, 2, -1, 0], b: 0 },
    flower: { w: [1, -1, 1, 1.2], b: 0 },
    single: { w: [0, -1, 0, 1], b: 0 },
    axes: [0, 3],
  };
}

/** z = w·x + b */
export const weightedSum = (n: Neuron, x: readonly number[]): number =>
  n.w[0] * x[0] + n.w[1] * x[1] + n.w[2] * x[2] + n.w[3] * x[3] + n.b;

const TIE_EPS = 1e-9;

export interface Result {
  class: ClassName;
  /** Two neurons: z and output of each. One neuron: only `single`. */
  leaf?: { z: number; y: number };
  flower?: { z: number; y: number };
  single?: { z: number; y: number };
}

/**
 * Two neurons: the larger output names the class (equal outputs: "tie").
 * One neuron: flower when z > 0, else leaf — for step, sigmoid, ReLU and GELU alike this is the same
 * as "output above f(0)", so the decision boundary is the line z = 0.
 */
export function evaluate(s: PlaygroundState, x: readonly number[] = s.x): Result {
  const f = activations[s.activation];
  if (s.mode === 'one') {
    const z = weightedSum(s.single, x);
    return { class: z > 0 ? 'flower' : 'leaf', single: { z, y: f(z) } };
  }
  const zl = weightedSum(s.leaf, x);
  const zf = weightedSum(s.flower, x);
  const yl = f(zl);
  const yf = f(zf);
  // Outputs closer than float noise count as equal (ReLU and step give exact ties often).
  const cls: ClassName = Math.abs(yf - yl) < TIE_EPS ? 'tie' : yf > yl ? 'flower' : 'leaf';
  return { class: cls, leaf: { z: zl, y: yl }, flower: { z: zf, y: yf } };
}

export interface Score {
  correct: number;
  total: number;
  wrong: string[];
}

/**
 * Why the network cannot choose, when it cannot: with the step activation both outputs are 1 as
 * soon as both sums are above 0 (and 0 when both are at or below it), whatever the sizes of the sums.
 */
export function tieReason(s: PlaygroundState, r: Result): string | null {
  if (r.class !== 'tie' || !r.leaf || !r.flower) return null;
  if (s.activation === 'step') {
    return r.leaf.z > 0
      ? 'step only says 0 or 1: both sums are above 0, so both neurons output 1 and the network cannot choose'
      : 'step only says 0 or 1: both sums are at or below 0, so both neurons output 0 and the network cannot choose';
  }
  if (s.activation === 'relu') return 'ReLU outputs 0 for every sum at or below 0: both sums are there, so both outputs are 0';
  return 'both outputs are equal, so the network cannot choose';
}

/** How many illustrative examples the current network classifies correctly. */
export function score(s: PlaygroundState, examples: readonly Example[] = EXAMPLES): Score {
  const wrong = examples.filter((e) => evaluate(s, e.x).class !== e.label).map((e) => e.name);
  return { correct: examples.length - wrong.length, total: examples.length, wrong };
}

/** Exercises the widget checks itself. */
export const EXERCISES = {
  'two-neurons': {
    title: 'Exercise 1.1 — sort all eight',
    task: 'Move the weights and biases of the two neurons until every example lands in its own class.',
    mode: 'two' as Mode,
  },
  'one-neuron': {
    title: 'Exercise 1.2 — one neuron is enough',
    task: 'With a single neuron (flower when z > 0), find four weights and a bias that classify all eight examples.',
    mode: 'one' as Mode,
  },
} as const;
export type ExerciseId = keyof typeof EXERCISES;

export const checkExercise = (id: ExerciseId, s: PlaygroundState): boolean =>
  s.mode === EXERCISES[id].mode && score(s).correct === EXAMPLES.length;

/** Class of every cell of a res×res grid over the two plotted inputs, other inputs held at s.x. Row 0 is the top. */
export function boundaryGrid(s: PlaygroundState, res: number): ClassName[] {
  const out: ClassName[] = new Array(res * res);
  const x = [...s.x];
  const [ax, ay] = s.axes;
  for (let row = 0; row < res; row++) {
    x[ay] = 1 - (row + 0.5) / res;
    for (let col = 0; col < res; col++) {
      x[ax] = (col + 0.5) / res;
      out[row * res + col] = evaluate(s, x).class;
    }
  }
  return out;
}

/** Numbers as the widget shows them: trimmed, with a real minus sign. */
export const fmt = (n: number, digits = 2): string => formatNumber(n, digits, { trim: true });

/** "−1×0.25 + 2×0.55 + −1×0.15 + 0×0.2 + 0.5", the weighted sum with the current numbers. */
export const sumText = (n: Neuron, x: readonly number[]): string =>
  n.w.map((w, i) => `${fmt(w, 1)}×${fmt(x[i])}`).join(' + ') + ` + ${fmt(n.b, 1)}`;

// URL state: "two;sigmoid;x0,x1,x2,x3;leaf w…,b;flower w…,b;single w…,b;ax,ay" — short enough to share.
export function encodeState(s: PlaygroundState): string {
  const n = (v: Neuron) => [...v.w, v.b].map((t) => +t.toFixed(2)).join(',');
  return [s.mode, s.activation, s.x.map((t) => +t.toFixed(2)).join(','), n(s.leaf), n(s.flower), n(s.single), s.axes.join(',')].join(';');
}

const clamp = (v: number, r: { min: number; max: number }) => Math.min(r.max, Math.max(r.min, v));

/** Parses encodeState's output; anything malformed gives null (the widget then keeps its defaults). */
export function decodeState(text: string): PlaygroundState | null {
  const parts = text.split(';');
  if (parts.length !== 7) return null;
  const [mode, act, xs, ls, fs, ss, axs] = parts;
  if (mode !== 'two' && mode !== 'one') return null;
  if (!(ACTIVATIONS as string[]).includes(act)) return null;
  const nums = (t: string, len: number) => {
    const v = t.split(',').map(Number);
    return v.length === len && v.every(Number.isFinite) ? v : null;
  };
  const x = nums(xs, 4);
  const l = nums(ls, 5);
  const f = nums(fs, 5);
  const sg = nums(ss, 5);
  const ax = nums(axs, 2);
  if (!x || !l || !f || !sg || !ax) return null;
  if (!ax.every((i) => Number.isInteger(i) && i >= 0 && i < 4) || ax[0] === ax[1]) return null;
  const neuron = (v: number[]): Neuron => ({
    w: v.slice(0, 4).map((t) => clamp(t, RANGES.weight)) as Vec4,
    b: clamp(v[4], RANGES.bias),
  });
  return {
    mode,
    activation: act as ActivationName,
    x: x.map((t) => clamp(t, RANGES.input)) as Vec4,
    leaf: neuron(l),
    flower: neuron(f),
    single: neuron(sg),
    axes: [ax[0], ax[1]],
  };
}

/** Reads this widget's entry from a location hash such as "#neuron=…&ex1=…". */
export function readHash(hash: string, key: string): string | null {
  for (const part of hash.replace(/^#/, '').split('&')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i) === key) return decodeURIComponent(part.slice(i + 1));
  }
  return null;
}

/** Other widgets' entries of a hash, without this one's. */
const otherEntries = (hash: string, key: string): string[] =>
  hash
    .replace(/^#/, '')
    .split('&')
    .filter((p) => p && p.indexOf('=') > 0 && p.slice(0, p.indexOf('=')) !== key);

/** Removes this widget's entry from a hash (Reset), keeping other widgets' entries; '' when none is left. */
export function removeHash(hash: string, key: string): string {
  const kept = otherEntries(hash, key);
  return kept.length ? '#' + kept.join('&') : '';
}

/** Sets this widget's entry in a hash, keeping other widgets' entries. */
export function writeHash(hash: string, key: string, value: string): string {
  const kept = otherEntries(hash, key);
  // ";" and "," are legal in fragments; keeping them readable makes shared links legible.
  return '#' + [...kept, `${key}=${encodeURIComponent(value).replace(/%3B/g, ';').replace(/%2C/g, ',')}`].join('&');
}
