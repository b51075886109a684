// The one list of elementwise and reduction ops. The CPU backend's tables, the WGSL expressions
// and the WebGPU parity tests are all `Record`s keyed by these lists, so a new op does not compile
// until it has a CPU loop, a kernel and a parity case. It lives with the kernels (which import
// nothing else) and the engine's backend contract re-exports the types.

export const UNARY_OPS = [
  'neg', 'exp', 'log', 'sqrt', 'tanh', 'sigmoid', 'relu', 'gelu', 'abs',
  'step',     // 1 where x > 0 else 0 (ReLU's derivative)
  'geluGrad', // d gelu / dx, tanh approximation
  'pow',      // x ** param
] as const;

export const BINARY_OPS = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum',
  'gt', 'lt', 'eq', // comparisons give 1 or 0
  'geluBackward',   // a · gelu'(b): GELU's gradient g · d gelu/dx in one pass
] as const;

export const REDUCE_OPS = ['sum', 'max', 'argmax'] as const;

/**
 * Causal attention's triangles a matmul may be told about (MatmulArgs' `causal`); a kernel gets
 * the index as a number.
 */
export const MATMUL_CAUSAL = ['none', 'out', 'aLower', 'aUpper'] as const;

export type UnaryOp = (typeof UNARY_OPS)[number];
export type BinaryOp = (typeof BINARY_OPS)[number];
export type ReduceOp = (typeof REDUCE_OPS)[number];
export type MatmulCausal = Exclude<(typeof MATMUL_CAUSAL)[number], 'none'>;
