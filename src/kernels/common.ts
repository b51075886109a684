// Conventions shared by every WGSL kernel in this folder.
//
// - Binding 0 is always a 256-byte uniform block of parameters. The backend packs the parameters
//   of a whole batch of dispatches into one uniform buffer (one slot of 256 bytes per dispatch),
//   so a kernel never allocates anything of its own.
// - Element-wise kernels run 256 threads per workgroup on a 2-D grid of workgroups, because one
//   dimension of the grid stops at 65,535 workgroups (16.7M elements); `linearIndex` folds it back.
// - Row kernels (softmax, LayerNorm, cross-entropy, row reductions) come from `rowKernel`, which
//   gives short rows a thread each and long rows a workgroup each.

/** Threads per workgroup for element-wise and row kernels. */
export const WG = 256;

/** Bytes of parameters each dispatch may use (the uniform offset alignment WebGPU guarantees). */
export const PARAM_BYTES = 256;

/** Parameters seen as 64 u32 words, for kernels whose parameter count depends on a tensor's rank. */
export const PARAM_WORDS = /* wgsl */ `
struct Words { w: array<vec4<u32>, 16> }
@group(0) @binding(0) var<uniform> P: Words;
fn word(i: u32) -> u32 { return P.w[i / 4u][i % 4u]; }
fn fword(i: u32) -> f32 { return bitcast<f32>(word(i)); }
`;

export const LINEAR_INDEX = /* wgsl */ `
fn linearIndex(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
  return (wid.y * nwg.x + wid.x) * ${WG}u + lid;
}
`;

/** A tanh that cannot overflow to NaN (some drivers compute it through exp). */
export const SAFE_TANH = /* wgsl */ `
fn tanhSafe(x: f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }
`;

/**
 * x ** y with JavaScript's meaning for negative bases and integer exponents (WGSL's `pow` is
 * undefined for x < 0, and autograd squares negative numbers all the time).
 */
export const POWF = /* wgsl */ `
fn powf(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (y == 1.0) { return x; }
  if (y == 2.0) { return x * x; }
  if (y == 3.0) { return x * x * x; }
  if (y == 0.5) { return sqrt(x); }
  if (y == -1.0) { return 1.0 / x; }
  if (x >= 0.0) { return exp2(y * log2(x)); }
  if (fract(y) != 0.0) { return exp2(y * log2(x)); } // log2 of a negative number: NaN, as in JS
  let r = exp2(y * log2(-x));
  if (fract(y * 0.5) != 0.0) { return -r; }
  return r;
}
`;

/** GELU (tanh approximation, as GPT-2) and its derivative; the same formulas as src/engine/scalar.ts. */
export const GELU = /* wgsl */ `
const SQRT_2_OVER_PI: f32 = 0.7978845608028654;
const GELU_COEFF: f32 = 0.044715;
fn gelu(x: f32) -> f32 {
  return 0.5 * x * (1.0 + tanhSafe(SQRT_2_OVER_PI * (x + GELU_COEFF * x * x * x)));
}
fn geluGrad(x: f32) -> f32 {
  let t = tanhSafe(SQRT_2_OVER_PI * (x + GELU_COEFF * x * x * x));
  let du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_COEFF * x * x);
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
}
`;

/**
 * How a row kernel maps rows to threads. 'workgroup': WG threads share a row and combine their
 * partial results with a tree in workgroup memory (long rows). 'thread': each thread walks a whole
 * row alone, with no barriers at all — for short rows, and because software GPUs such as
 * SwiftShader run every workgroupBarrier as a costly switch between all the workgroup's threads.
 */
export type RowMode = 'workgroup' | 'thread';

/** Rows up to this long get a thread each. */
export const THREAD_ROW_MAX = 1024;

/** Threads per workgroup in 'thread' mode. */
export const ROW_THREADS = 64;

export function rowMode(cols: number): RowMode {
  return cols <= THREAD_ROW_MAX ? 'thread' : 'workgroup';
}

/** Combines two partial results of a row, e.g. (a, b) => `max(${a}, ${b})`. */
export type Combine = (a: string, b: string) => string;

function reducer(mode: RowMode, name: string, combine: Combine): string {
  if (mode === 'thread') return `fn reduce_${name}(lid: u32, v: f32) -> f32 { return v; }\n`;
  return /* wgsl */ `
var<workgroup> red_${name}: array<f32, ${WG}>;
fn reduce_${name}(lid: u32, v: f32) -> f32 {
  red_${name}[lid] = v;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red_${name}[lid] = ${combine(`red_${name}[lid]`, `red_${name}[lid + s]`)}; }
    workgroupBarrier();
  }
  let r = red_${name}[0];
  workgroupBarrier();
  return r;
}
`;
}

/**
 * A kernel over the rows of a [rows, cols] view whose row count is parameter word 0. The body sees
 * `row`, `lid` (this thread's lane in the row) and `LANES` (threads per row), loops over a row as
 * `for (var j = lid; j < cols; j = j + LANES)`, and combines partial results with
 * `reduce_<name>(lid, v)` for each entry of `reducers`; every thread of the row gets the result.
 */
export function rowKernel(mode: RowMode, reducers: Record<string, Combine>, bindings: string, body: string): string {
  const fns = Object.entries(reducers).map(([name, c]) => reducer(mode, name, c)).join('');
  const threads = mode === 'thread' ? ROW_THREADS : WG;
  const row = mode === 'thread' ? `(wid.y * nwg.x + wid.x) * ${ROW_THREADS}u + li` : 'wid.y * nwg.x + wid.x';
  return /* wgsl */ `${PARAM_WORDS}${bindings}
${fns}
const LANES: u32 = ${mode === 'thread' ? 1 : WG}u;
@compute @workgroup_size(${threads})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row = ${row};
  let lid = ${mode === 'thread' ? '0u' : 'li'};
  if (row >= word(0u)) { return; }
${body}
}
`;
}
