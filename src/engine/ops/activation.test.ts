import { describe, expect, it } from 'vitest';
import { gradcheck, spread } from '../testing/gradcheck';
import { tensor } from '../tensor';
import { F } from '../functional';
import type { Tensor } from '../tensor';
import { gelu as scalarGelu, sigmoid as scalarSigmoid } from '../scalar';

describe('pointwise activations: gradients vs float64 references', () => {
  const cases: [string, (x: Tensor) => Tensor, (x: number) => number][] = [
    ['tanh', (x) => x.tanh(), Math.tanh],
    ['sigmoid', (x) => x.sigmoid(), scalarSigmoid],
    ['relu', (x) => x.relu(), (x) => Math.max(0, x)],
    ['gelu (tanh approximation)', (x) => x.gelu(), scalarGelu],
  ];
  for (const [name, f, ref] of cases) {
    it(name, async () => {
      const shape = [2, 3, 4];
      // spread() keeps values off relu's kink at 0.
      const r = await gradcheck(f, [{ shape, values: spread(shape, -3, 3) }], { reference: ([x]) => x.map(ref) });
      expect(r.worst).toBeLessThan(1);
    });
  }

  it('gelu is the tanh approximation, not the erf form', async () => {
    // At x = 1: tanh form 0.841192, erf form 0.841345.
    expect(await tensor(1).gelu().item()).toBeCloseTo(0.841192, 5);
  });

  it('relu passes no gradient at 0 (as PyTorch)', async () => {
    const x = tensor([-1, 0, 2], { requiresGrad: true });
    x.relu().sum().backward();
    expect(Array.from(await x.grad!.data())).toEqual([0, 0, 1]);
  });
});

function softmaxRef(x: Float64Array, rows: number, cols: number, log: boolean): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * cols, (r + 1) * cols);
    const m = Math.max(...row);
    const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
    for (let c = 0; c < cols; c++) out[r * cols + c] = log ? row[c] - m - Math.log(s) : Math.exp(row[c] - m) / s;
  }
  return out;
}

/** Moves `dim` of a row-major [a, b, c] array last, runs a last-axis fn, moves it back. */
function alongDim(x: Float64Array, shape: number[], dim: number, fn: (x: Float64Array, rows: number, cols: number) => Float64Array): Float64Array {
  const [A, B, C] = shape;
  if (dim === 2) return fn(x, A * B, C);
  if (dim !== 1) throw new Error('test helper handles dims 1 and 2');
  const moved = new Float64Array(x.length);
  for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) moved[(a * C + c) * B + b] = x[(a * B + b) * C + c];
  const y = fn(moved, A * C, B);
  const back = new Float64Array(x.length);
  for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) back[(a * B + b) * C + c] = y[(a * C + c) * B + b];
  return back;
}

describe('softmax and logSoftmax', () => {
  const shape = [2, 3, 4];
  for (const log of [false, true]) {
    const name = log ? 'logSoftmax' : 'softmax';
    for (const [dim, axis] of [[-1, 2], [1, 1], [-2, 1]] as const) {
      it(`${name} along dim ${dim}: values and gradients`, async () => {
        const r = await gradcheck((x) => (log ? x.logSoftmax(dim) : x.softmax(dim)), [{ shape }], {
          reference: ([x]) => alongDim(x, shape, axis, (v, rows, cols) => softmaxRef(v, rows, cols, log)),
        });
        expect(r.worst).toBeLessThan(1);
      });
    }
  }

  it('softmax rows sum to 1 and survive huge logits', async () => {
    const p = await tensor([[1000, 1001, 1002], [-1000, 0, 1000]]).softmax(-1).toArray() as number[][];
    expect(p[0].reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    expect(p[0][2]).toBeCloseTo(0.665241, 5);
    expect(p[1]).toEqual([0, 0, 1]);
    const lp = await tensor([[1000, 1001, 1002]]).logSoftmax(1).toArray() as number[][];
    expect(lp[0][0]).toBeCloseTo(-2.407606, 5);
  });

  it('F.softmax is the same op, and bad dims say so', async () => {
    expect(Array.from(await F.softmax(tensor([0, Math.log(3)]), 0).data())).toEqual([0.25, 0.75]);
    expect(() => tensor([[1, 2]]).softmax(2)).toThrow('softmax: dim 2 is out of range for a tensor with 2 dims');
  });
});
