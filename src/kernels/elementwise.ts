// Element-wise kernels: fill, unary maps and binary maps with NumPy broadcasting.
import type { BinaryOp, UnaryOp } from './ops';
import { GELU, LINEAR_INDEX, PARAM_WORDS, POWF, SAFE_TANH, WG } from './common';

const HEADER = PARAM_WORDS + LINEAR_INDEX + SAFE_TANH + POWF + GELU;

/** out[i] = value. Params: [n, value]. */
export const fillKernel = /* wgsl */ `${HEADER}
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearIndex(wid, nwg, lid);
  if (i >= word(0u)) { return; }
  out[i] = fword(1u);
}
`;

const UNARY: Record<UnaryOp, string> = {
  neg: '-x',
  exp: 'exp(x)',
  log: 'log(x)',
  sqrt: 'sqrt(x)',
  tanh: 'tanhSafe(x)',
  sigmoid: '1.0 / (1.0 + exp(-x))',
  relu: 'select(0.0, x, x > 0.0)',
  gelu: 'gelu(x)',
  abs: 'abs(x)',
  step: 'select(0.0, 1.0, x > 0.0)',
  geluGrad: 'geluGrad(x)',
  pow: 'powf(x, p)',
};

/** out[i] = f(a[i]). Params: [n, param]. */
export function unaryKernel(op: UnaryOp): string {
  return /* wgsl */ `${HEADER}
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearIndex(wid, nwg, lid);
  if (i >= word(0u)) { return; }
  let x = a[i];
  let p = fword(1u);
  out[i] = ${UNARY[op]};
}
`;
}

const BINARY: Record<BinaryOp, string> = {
  add: 'x + y',
  sub: 'x - y',
  mul: 'x * y',
  div: 'x / y',
  pow: 'powf(x, y)',
  maximum: 'max(x, y)',
  minimum: 'min(x, y)',
  gt: 'select(0.0, 1.0, x > y)',
  lt: 'select(0.0, 1.0, x < y)',
  eq: 'select(0.0, 1.0, x == y)',
  geluBackward: 'x * geluGrad(y)',
};

/**
 * How an operand of a binary op is indexed. 'mod': its shape (leading 1s dropped) equals the
 * trailing dims of the output, so its index is i mod its length (same shape, scalars, biases).
 * 'strided': general broadcasting through per-dim strides (0 on broadcast dims).
 */
export type OperandIndexing = 'mod' | 'strided';

/**
 * out[i] = a[ia(i)] op b[ib(i)].
 * Params: [n, rank, aLen, bLen, outShape[rank], aStrides[rank], bStrides[rank]].
 */
export function binaryKernel(op: BinaryOp, aIdx: OperandIndexing, bIdx: OperandIndexing): string {
  const index = (mode: OperandIndexing, lenWord: number, strideBase: string) =>
    mode === 'mod' ? `i % word(${lenWord}u)` : `stridedIndex(i, rank, ${strideBase})`;
  return /* wgsl */ `${HEADER}
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
fn stridedIndex(i: u32, rank: u32, strideAt: u32) -> u32 {
  var rem = i;
  var idx = 0u;
  for (var d = i32(rank) - 1; d >= 0; d = d - 1) {
    let size = word(4u + u32(d));
    idx = idx + (rem % size) * word(strideAt + u32(d));
    rem = rem / size;
  }
  return idx;
}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearIndex(wid, nwg, lid);
  if (i >= word(0u)) { return; }
  let rank = word(1u);
  let x = a[${index(aIdx, 2, '4u + rank')}];
  let y = b[${index(bIdx, 3, '4u + 2u * rank')}];
  out[i] = ${BINARY[op]};
}
`;
}
