// Layout kernels: broadcast (expand), axis permutation, and narrow / its gradient (unnarrow).
import { LINEAR_INDEX, PARAM_WORDS, WG } from './common';

const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linearIndex(wid, nwg, lid);
  if (i >= word(0u)) { return; }`;

/**
 * out[i] = a[Σ coord_d(i) · stride_d]: one kernel for expand (stride 0 on broadcast dims) and
 * permute (the input's strides in the output's axis order).
 * Params: [n, rank, outShape[rank], srcStrides[rank]].
 */
export const stridedCopyKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
${ENTRY}
  let rank = word(1u);
  var rem = i;
  var src = 0u;
  for (var d = i32(rank) - 1; d >= 0; d = d - 1) {
    let size = word(2u + u32(d));
    src = src + (rem % size) * word(2u + rank + u32(d));
    rem = rem / size;
  }
  out[i] = a[src];
}
`;

/**
 * Narrow along a dim seen as [outer, full, inner]: out is [outer, len, inner].
 * Params: [n, inner, len, start, full].
 */
export const narrowKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
${ENTRY}
  let inner = word(1u);
  let len = word(2u);
  let outer = i / (len * inner);
  let j = (i / inner) % len;
  out[i] = a[(outer * word(4u) + word(3u) + j) * inner + i % inner];
}
`;

/**
 * The gradient of narrow: out is [outer, full, inner], zero outside [start, start + len).
 * Params: [n, inner, len, start, full].
 */
export const unnarrowKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
${ENTRY}
  let inner = word(1u);
  let len = word(2u);
  let start = word(3u);
  let full = word(4u);
  let outer = i / (full * inner);
  let j = (i / inner) % full;
  var v = 0.0;
  if (j >= start && j < start + len) { v = a[(outer * len + j - start) * inner + i % inner]; }
  out[i] = v;
}
`;
