// Reductions along one dim. The input is seen as [outer, D, inner] and the output as [outer, inner].
// Long contiguous rows (inner == 1, D large) share a workgroup per output ('row' kernels, a tree
// reduction in workgroup memory); otherwise each thread walks its own column ('column' kernels),
// whose reads are contiguous across neighbouring threads when inner > 1.
import type { ReduceOp } from './ops';
import { LINEAR_INDEX, PARAM_WORDS, WG } from './common';

export type ReduceLayout = 'row' | 'column';

const BINDINGS = `
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
`;

// Rows: running value v (and index k for argmax) per thread, then a tree over the workgroup.
// Ties keep the lowest index, as the CPU backend does.
function rowKernel(op: ReduceOp): string {
  const step = op === 'sum' ? 'v = v + x;' : op === 'max' ? 'v = max(v, x);' : 'if (x > v) { v = x; k = d; }';
  const init = op === 'sum' ? 'var v = 0.0;' : 'var v = a[base];';
  return /* wgsl */ `${PARAM_WORDS}${BINDINGS}
var<workgroup> vals: array<f32, ${WG}>;
var<workgroup> idxs: array<u32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * nwg.x + wid.x;
  if (row >= word(0u)) { return; }
  let D = word(1u);
  let base = row * D;
  ${init}
  var k = 0u;
  for (var d = lid; d < D; d = d + ${WG}u) {
    let x = a[base + d];
    ${step}
  }
  vals[lid] = v;
  idxs[lid] = k;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      let o = vals[lid + s];
      ${
        op === 'sum'
          ? 'vals[lid] = vals[lid] + o;'
          : op === 'max'
            ? 'vals[lid] = max(vals[lid], o);'
            : `let ok = idxs[lid + s];
      if (o > vals[lid] || (o == vals[lid] && ok < idxs[lid])) { vals[lid] = o; idxs[lid] = ok; }`
      }
    }
    workgroupBarrier();
  }
  if (lid == 0u) { out[row] = ${op === 'argmax' ? 'f32(idxs[0])' : 'vals[0]'}; }
}
`;
}

function columnKernel(op: ReduceOp): string {
  const step = op === 'sum' ? 'v = v + x;' : op === 'max' ? 'v = max(v, x);' : 'if (x > v) { v = x; k = d; }';
  return /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}${BINDINGS}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let inner = word(2u);
  let o = linearIndex(wid, nwg, lid);
  if (o >= word(0u) * inner) { return; }
  let D = word(1u);
  let base = (o / inner) * D * inner + o % inner;
  var v = ${op === 'sum' ? '0.0' : 'a[base]'};
  var k = 0u;
  for (var d = 0u; d < D; d = d + 1u) {
    let x = a[base + d * inner];
    ${step}
  }
  out[o] = ${op === 'argmax' ? 'f32(k)' : 'v'};
}
`;
}

/** Params: [outer, D, inner]. */
export function reduceKernel(op: ReduceOp, layout: ReduceLayout): string {
  return layout === 'row' ? rowKernel(op) : columnKernel(op);
}
