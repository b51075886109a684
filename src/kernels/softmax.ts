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
export function softmaxKernel(log: boolean, mode: RowMode): string {
  return rowKernel(
    mode,
    { max: (a, b) => `max(${a}, ${b})`, sum: (a, b) => `${a} + ${b}` },
    `@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;`,
    /* wgsl */ `
${rowSoftmaxStats('a')}
  ${
    log
      ? `let ls = log(s);
  for (var j = lid; j < cols; j = j + LANES) { out[base + j] = a[base + j] - m - ls; }`
      : `let inv = 1.0 / s;
  for (var j = lid; j < cols; j = j + LANES) { out[base + j] = exp(a[base + j] - m) * inv; }`
  }`,
  );
}
