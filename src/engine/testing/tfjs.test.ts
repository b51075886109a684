// An independent oracle: the same computations in @tensorflow/tfjs (cpu backend), forward values
// and gradients (tf.grads) on random inputs, compared with the engine's.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { F } from '../functional';
import { Generator } from '../random';
import { fromFloat32, type Tensor } from '../tensor';
import { maxAbsDiff } from './gradcheck';

beforeAll(async () => {
  const warn = console.warn;
  const log = console.log;
  console.warn = console.log = () => {}; // tfjs's "use tfjs-node" banner
  await tf.setBackend('cpu');
  await tf.ready();
  tf.dispose(tf.add(tf.tensor([1]), 1)); // the banner prints on the first tensor
  console.warn = warn;
  console.log = log;
});

interface Case {
  name: string;
  shapes: number[][];
  engine: (...xs: Tensor[]) => Tensor;
  tfjs: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Maps raw normals to valid inputs (positive for log/sqrt, away from 0 for div). */
  domain?: (v: number, input: number) => number;
}

const positive = (v: number) => 0.3 + Math.abs(v);

const cases: Case[] = [
  { name: 'add [3,1] + [1,4]', shapes: [[3, 1], [1, 4]], engine: (a, b) => a.add(b), tfjs: (a, b) => tf.add(a, b) },
  { name: 'sub [2,3,4] - [4]', shapes: [[2, 3, 4], [4]], engine: (a, b) => a.sub(b), tfjs: (a, b) => tf.sub(a, b) },
  { name: 'mul [2,3,4] * [3,1]', shapes: [[2, 3, 4], [3, 1]], engine: (a, b) => a.mul(b), tfjs: (a, b) => tf.mul(a, b) },
  { name: 'div [2,3] / [3]', shapes: [[2, 3], [3]], engine: (a, b) => a.div(b), tfjs: (a, b) => tf.div(a, b), domain: (v, i) => (i === 1 ? positive(v) : v) },
  { name: 'pow 3', shapes: [[2, 5]], engine: (a) => a.pow(3), tfjs: (a) => tf.pow(a, 3) },
  { name: 'exp', shapes: [[2, 5]], engine: (a) => a.exp(), tfjs: (a) => tf.exp(a) },
  { name: 'log', shapes: [[2, 5]], engine: (a) => a.log(), tfjs: (a) => tf.log(a), domain: positive },
  { name: 'sqrt', shapes: [[2, 5]], engine: (a) => a.sqrt(), tfjs: (a) => tf.sqrt(a), domain: positive },
  { name: 'tanh', shapes: [[2, 5]], engine: (a) => a.tanh(), tfjs: (a) => tf.tanh(a) },
  { name: 'sigmoid', shapes: [[2, 5]], engine: (a) => a.sigmoid(), tfjs: (a) => tf.sigmoid(a) },
  { name: 'relu', shapes: [[2, 5]], engine: (a) => a.relu(), tfjs: (a) => tf.relu(a) },
  { name: 'matmul [2,3,4] @ [2,4,5]', shapes: [[2, 3, 4], [2, 4, 5]], engine: (a, b) => a.matmul(b), tfjs: (a, b) => tf.matMul(a, b) },
  { name: 'matmul [2,3,4] @ [4,5] (shared)', shapes: [[2, 3, 4], [4, 5]], engine: (a, b) => a.matmul(b), tfjs: (a, b) => tf.matMul(a, tf.broadcastTo(b, [2, 4, 5])) },
  { name: 'sum(1)', shapes: [[2, 3, 4]], engine: (a) => a.sum(1), tfjs: (a) => tf.sum(a, 1) },
  { name: 'sum(-1, keepdim)', shapes: [[2, 3, 4]], engine: (a) => a.sum(-1, true), tfjs: (a) => tf.sum(a, -1, true) },
  { name: 'mean([0, 2])', shapes: [[2, 3, 4]], engine: (a) => a.mean([0, 2]), tfjs: (a) => tf.mean(a, [0, 2]) },
  { name: 'max(-1)', shapes: [[3, 5]], engine: (a) => a.max(-1), tfjs: (a) => tf.max(a, -1) },
  { name: 'softmax(-1)', shapes: [[3, 5]], engine: (a) => a.softmax(-1), tfjs: (a) => tf.softmax(a) },
  { name: 'softmax(0)', shapes: [[4, 3]], engine: (a) => a.softmax(0), tfjs: (a) => tf.transpose(tf.softmax(tf.transpose(a))) },
  { name: 'logSoftmax(-1)', shapes: [[3, 5]], engine: (a) => a.logSoftmax(-1), tfjs: (a) => tf.logSoftmax(a) },
  { name: 'transpose(0, 2)', shapes: [[2, 3, 4]], engine: (a) => a.transpose(0, 2), tfjs: (a) => tf.transpose(a, [2, 1, 0]) },
  { name: 'reshape [4, 6]', shapes: [[2, 3, 4]], engine: (a) => a.reshape([4, 6]), tfjs: (a) => tf.reshape(a, [4, 6]) },
  {
    name: 'crossEntropy (one-hot softmaxCrossEntropy)', shapes: [[4, 5]],
    engine: (a) => F.crossEntropy(a, [1, 4, 0, 1]),
    tfjs: (a) => tf.losses.softmaxCrossEntropy(tf.oneHot([1, 4, 0, 1], 5), a),
  },
  {
    name: 'layerNorm (manual, tf.moments)', shapes: [[3, 6], [6], [6]],
    engine: (x, w, b) => F.layerNorm(x, w, b),
    tfjs: (x, w, b) => {
      const { mean, variance } = tf.moments(x, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), w), b);
    },
  },
];

describe('engine vs tfjs (cpu): forward values and gradients', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const g = new Generator(21);
      const values = c.shapes.map((s, i) => Float32Array.from({ length: s.reduce((x, y) => x * y, 1) }, () => (c.domain ?? ((v) => v))(g.normal(), i)));
      const outShape = c.engine(...values.map((v, i) => fromFloat32(v, c.shapes[i]))).shape;
      const weights = Float32Array.from({ length: outShape.reduce((x, y) => x * y, 1) }, () => g.normal());

      const leaves = values.map((v, i) => fromFloat32(v, c.shapes[i], { requiresGrad: true }));
      const out = c.engine(...leaves);
      out.mul(fromFloat32(weights, out.shape)).sum().backward();

      const tfIn = values.map((v, i) => tf.tensor(v, c.shapes[i]));
      const tfOut = c.tfjs(...tfIn);
      const tfGrads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(c.tfjs(...xs), tf.tensor(weights, tfOut.shape))))(tfIn);

      expect(out.shape).toEqual(tfOut.shape);
      expect(maxAbsDiff(await out.data(), await tfOut.data())).toBeLessThan(1e-5);
      for (let i = 0; i < leaves.length; i++) {
        const mine = await leaves[i].grad!.data();
        const theirs = await tfGrads[i].data();
        const scale = Math.max(1, ...Array.from(theirs, Math.abs));
        expect(maxAbsDiff(mine, theirs) / scale).toBeLessThan(1e-5);
      }
      tf.dispose([...tfIn, tfOut, ...tfGrads]);
    });
  }
});
