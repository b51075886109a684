// Embedding lookup (gather) and its gradient (scatter-add). WGSL has no float atomics, so the
// gradient gives each (vocab row, column) pair its own thread, which sums the matching rows of
// the incoming gradient: no two threads ever write the same element.
import { LINEAR_INDEX, PARAM_WORDS, WG } from './common';

const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearIndex(wid, nwg, lid);`;

/** out[i, :] = table[ids[i], :]. Params: [count, dim]. */
export const gatherKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read> ids: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
${ENTRY}
  let dim = word(1u);
  if (i >= word(0u) * dim) { return; }
  out[i] = table[u32(ids[i / dim]) * dim + i % dim];
}
`;

/** out[v, c] = Σ grad[i, c] over i with ids[i] = v. Params: [count, dim, vocab]. */
export const scatterAddKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read> ids: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
${ENTRY}
  let count = word(0u);
  let dim = word(1u);
  if (i >= word(2u) * dim) { return; }
  let v = i / dim;
  let c = i % dim;
  var s = 0.0;
  for (var r = 0u; r < count; r = r + 1u) {
    if (u32(ids[r]) == v) { s = s + grad[r * dim + c]; }
  }
  out[i] = s;
}
`;
