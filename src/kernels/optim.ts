// Fused optimizer updates, in place on the parameter and its state: one pass over memory per
// parameter instead of a dozen element-wise ops; and gradient clipping's in-place scale.
import { LINEAR_INDEX, PARAM_WORDS, WG } from './common';

const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearIndex(wid, nwg, lid);
  if (i >= word(0u)) { return; }`;

/**
 * torch.optim.AdamW: decoupled weight decay, then the bias-corrected Adam step.
 * Params: [n, lr, beta1, beta2, eps, weightDecay, 1 − beta1^t, √(1 − beta2^t)].
 */
export const adamwKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
${ENTRY}
  let lr = fword(1u);
  let b1 = fword(2u);
  let b2 = fword(3u);
  let g = grad[i];
  var p = param[i] * (1.0 - lr * fword(5u));
  let mi = b1 * m[i] + (1.0 - b1) * g;
  let vi = b2 * v[i] + (1.0 - b2) * g * g;
  m[i] = mi;
  v[i] = vi;
  param[i] = p - (lr / fword(6u)) * mi / (sqrt(vi) / fword(7u) + fword(4u));
}
`;

/**
 * SGD with optional momentum, PyTorch's form: g += wd·p; buf = μ·buf + g; p −= lr·buf.
 * Params: [n, lr, momentum, weightDecay].
 */
export function sgdKernel(withMomentum: boolean): string {
  return /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
${withMomentum ? '@group(0) @binding(3) var<storage, read_write> buf: array<f32>;' : ''}
${ENTRY}
  var g = grad[i] + fword(3u) * param[i];
  ${withMomentum ? 'g = fword(2u) * buf[i] + g;\n  buf[i] = g;' : ''}
  param[i] = param[i] - fword(1u) * g;
}
`;
}

/** Gradient clipping's in-place scale: x *= factor[0]. Params: [n]. */
export const scaleKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> factor: array<f32>;
${ENTRY}
  x[i] = x[i] * factor[0];
}
`;
