// Row-wise softmax and log-softmax over the last axis of a [rows, cols] view, max-subtracted for
// stability.
import { rowKernel, type RowMode } from './common';

/**
 * WGSL that sets `cols`, `base` (the row's first index), `m` (the row's max of `src`) and `s`
 * (the sum of exp(src − m)) in a rowKernel body: the shared start of softmax and cross-entropy.
 */
export function rowSoftmaxStats(src: string): string {
  return `let cols = word(1u);
  let base = row * cols;
  var m = ${src}[base];
  for (var j = lid; j < cols; j = j + LANES) { m = max(m, ${src}[base + j]); }
  m = reduce_max(lid, m);
  var s = 0.0;
  for (var j = lid; j < cols; j = j + LANES) { s = s + exp(${src}[base + j] - m); }
  s = reduce_sum(lid, s);`;
}

/** Params: [rows, cols]. */
export function logSoftmaxKernel(mode: RowMode): string {
  return rowKernel(
    mode,
    { max: (a, b) => `max(${a}, ${b})`, sum: (a, b) => `${a} + ${b}` },
    `@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;`,
    /* wgsl */ `
${rowSoftmaxStats('a')}
  let ls = log(s);
  for (var j = lid; j < cols; j = j + LANES) { out[base + j] = a[base + j] - m - ls; }`,
  );
}

/**
 * Softmax of scale·a; when causal (word 3 is 1) row r sees only columns ≤ r mod cols and the rest
 * are 0. Params: [rows, cols, scale as f32 bits, causal].
 */
export function softmaxKernel(mode: RowMode): string {
  return rowKernel(
    mode,
    { max: (a, b) => `max(${a}, ${b})`, sum: (a, b) => `${a} + ${b}` },
    `@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;`,
    /* wgsl */ `
  let cols = word(1u);
  let scale = fword(2u);
  let seen = select(cols, row % cols + 1u, word(3u) == 1u);
  let base = row * cols;
  var m = scale * a[base];
  for (var j = lid; j < seen; j = j + LANES) { m = max(m, scale * a[base + j]); }
  m = reduce_max(lid, m);
  var s = 0.0;
  for (var j = lid; j < seen; j = j + LANES) { s = s + exp(scale * a[base + j] - m); }
  s = reduce_sum(lid, s);
  let inv = 1.0 / s;
  for (var j = lid; j < cols; j = j + LANES) {
    out[base + j] = select(0.0, exp(scale * a[base + j] - m) * inv, j < seen);
  }`,
  );
}

/** out = scale · y·(g − Σ_row g·y), softmax's gradient from its output. Params: [rows, cols, scale as f32 bits]. */
export function softmaxBackwardKernel(mode: RowMode): string {
  return rowKernel(
    mode,
    { sum: (a, b) => `${a} + ${b}` },
    `@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;`,
    /* wgsl */ `
  let cols = word(1u);
  let scale = fword(2u);
  let base = row * cols;
  var d = 0.0;
  for (var j = lid; j < cols; j = j + LANES) { d = d + g[base + j] * y[base + j]; }
  d = reduce_sum(lid, d);
  for (var j = lid; j < cols; j = j + LANES) { out[base + j] = scale * y[base + j] * (g[base + j] - d); }`,
  );
}
