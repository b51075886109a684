// LayerNorm over the last axis of a [rows, cols] view, forward and backward.
import { LINEAR_INDEX, PARAM_WORDS, WG, rowKernel, type RowMode } from './common';

/** Two passes (mean, then variance) for accuracy. Params: [rows, cols, eps]. */
export function layerNormKernel(mode: RowMode): string {
  return rowKernel(
    mode,
    { sum: (a, b) => `${a} + ${b}` },
    `@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> weight: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@group(0) @binding(5) var<storage, read_write> meanOut: array<f32>;
@group(0) @binding(6) var<storage, read_write> rstdOut: array<f32>;`,
    /* wgsl */ `
  let cols = word(1u);
  let base = row * cols;
  var s = 0.0;
  for (var j = lid; j < cols; j = j + LANES) { s = s + x[base + j]; }
  let mean = reduce_sum(lid, s) / f32(cols);
  var q = 0.0;
  for (var j = lid; j < cols; j = j + LANES) { let d = x[base + j] - mean; q = q + d * d; }
  let rstd = 1.0 / sqrt(reduce_sum(lid, q) / f32(cols) + fword(2u));
  for (var j = lid; j < cols; j = j + LANES) {
    out[base + j] = (x[base + j] - mean) * rstd * weight[j] + bias[j];
  }
  if (lid == 0u) { meanOut[row] = mean; rstdOut[row] = rstd; }`,
  );
}

/** dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)) with g = dy · weight. Params: [rows, cols]. */
export function layerNormBackwardDxKernel(mode: RowMode): string {
  return rowKernel(
    mode,
    { sum: (a, b) => `${a} + ${b}` },
    `@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> weight: array<f32>;
@group(0) @binding(4) var<storage, read> mean: array<f32>;
@group(0) @binding(5) var<storage, read> rstd: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;`,
    /* wgsl */ `
  let cols = word(1u);
  let base = row * cols;
  let mu = mean[row];
  let r = rstd[row];
  var sg = 0.0;
  var sgx = 0.0;
  for (var j = lid; j < cols; j = j + LANES) {
    let g = dy[base + j] * weight[j];
    sg = sg + g;
    sgx = sgx + g * (x[base + j] - mu) * r;
  }
  let mg = reduce_sum(lid, sg) / f32(cols);
  let mgx = reduce_sum(lid, sgx) / f32(cols);
  for (var j = lid; j < cols; j = j + LANES) {
    let g = dy[base + j] * weight[j];
    dx[base + j] = r * (g - mg - (x[base + j] - mu) * r * mgx);
  }`,
  );
}

/** dweight and dbias: one thread per column summing over the rows. Params: [rows, cols]. */
export const layerNormBackwardParamsKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read> rstd: array<f32>;
@group(0) @binding(5) var<storage, read_write> dweight: array<f32>;
@group(0) @binding(6) var<storage, read_write> dbias: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let rows = word(0u);
  let cols = word(1u);
  let c = linearIndex(wid, nwg, lid);
  if (c >= cols) { return; }
  var dw = 0.0;
  var db = 0.0;
  for (var r = 0u; r < rows; r = r + 1u) {
    let g = dy[r * cols + c];
    dw = dw + g * (x[r * cols + c] - mean[r]) * rstd[r];
    db = db + g;
  }
  dweight[c] = dw;
  dbias[c] = db;
}
`;
