// Fused cross-entropy: the forward pass keeps the softmax probabilities, so the backward pass is
// one element-wise kernel, (probs − onehot) · scale. Rows whose target equals the ignore index
// (PyTorch's ignore_index) get loss 0 and gradient 0.
import { LINEAR_INDEX, PARAM_WORDS, WG, rowKernel, type RowMode } from './common';
import { rowSoftmaxStats } from './softmax';

/** Per-row loss and probabilities. Params: [rows, cols, ignoreIndex as f32 bits]. */
export function crossEntropyKernel(mode: RowMode): string {
  return rowKernel(
    mode,
    { max: (a, b) => `max(${a}, ${b})`, sum: (a, b) => `${a} + ${b}` },
    `@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<f32>;
@group(0) @binding(3) var<storage, read_write> losses: array<f32>;
@group(0) @binding(4) var<storage, read_write> probs: array<f32>;`,
    /* wgsl */ `
  ${rowSoftmaxStats('logits')}
  let inv = 1.0 / s;
  for (var j = lid; j < cols; j = j + LANES) { probs[base + j] = exp(logits[base + j] - m) * inv; }
  if (lid == 0u) {
    let t = targets[row];
    if (t == fword(2u)) {
      losses[row] = 0.0;
    } else {
      losses[row] = log(s) + m - logits[base + u32(t)];
    }
  }`,
  );
}

/** d logits, one thread per element. Params: [rows, cols, ignoreIndex as f32 bits]. */
export const crossEntropyBackwardKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read> probs: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<f32>;
@group(0) @binding(3) var<storage, read> scale: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let rows = word(0u);
  let cols = word(1u);
  let i = linearIndex(wid, nwg, lid);
  if (i >= rows * cols) { return; }
  let row = i / cols;
  let t = targets[row];
  if (t == fword(2u)) {
    out[i] = 0.0;
    return;
  }
  let onehot = select(0.0, 1.0, i % cols == u32(t));
  out[i] = (probs[i] - onehot) * scale[0];
}
`;
