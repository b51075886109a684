// Batched, tiled matrix multiply: C[b] = op(A[b]) · op(B[b]), op = identity or transpose, read in
// place (no transposed copies). Each 16×16 workgroup computes a 64×64 tile of C, each thread a
// 4×4 block of it (rows lid.y + 16i, columns lid.x + 16j, so neighbouring threads touch
// neighbouring addresses). K advances 16 at a time through two 16×64 tiles in workgroup memory
// (8 KiB, half of WebGPU's guaranteed 16 KiB). Loads follow each operand's memory order so they
// stay contiguous whether or not it is transposed.
import { LINEAR_INDEX, PARAM_WORDS, WG } from './common';
import { MATMUL_CAUSAL } from './ops';

export const MATMUL_TILE = 64;

const causalCode = (c: (typeof MATMUL_CAUSAL)[number]) => MATMUL_CAUSAL.indexOf(c);

/** Whether A[row, kk] counts as zero: above the diagonal of a lower-triangular A, or below that of an upper one. */
const TRIANGLE = /* wgsl */ `
fn triangleZero(row: u32, kk: u32) -> bool {
  let causal = word(8u);
  return (causal == ${causalCode('aLower')}u && kk > row) || (causal == ${causalCode('aUpper')}u && kk < row);
}
`;
const TK = 16;

/**
 * Dispatch: (ceil(n / 64), ceil(m / 64), batch).
 * Params: [m, k, n, transA, transB, aBatchStride, bBatchStride, batch, causal], causal as
 * its index in MATMUL_CAUSAL (MatmulArgs' `causal`): a masked output, or A read as lower / upper triangular.
 */
export const matmulKernel = /* wgsl */ `${PARAM_WORDS}${TRIANGLE}
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
var<workgroup> As: array<f32, ${TK * MATMUL_TILE}>; // [kk][row]
var<workgroup> Bs: array<f32, ${TK * MATMUL_TILE}>; // [kk][col]

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = word(0u);
  let K = word(1u);
  let N = word(2u);
  let transA = word(3u) != 0u;
  let transB = word(4u) != 0u;
  let aOff = wid.z * word(5u);
  let bOff = wid.z * word(6u);
  let row0 = wid.y * ${MATMUL_TILE}u;
  let col0 = wid.x * ${MATMUL_TILE}u;
  let tid = lid.y * 16u + lid.x;
  var acc: array<f32, 16>;
  for (var i = 0u; i < 16u; i = i + 1u) { acc[i] = 0.0; }

  for (var t = 0u; t < K; t = t + ${TK}u) {
    for (var e4 = 0u; e4 < 4u; e4 = e4 + 1u) {
      let e = tid + e4 * 256u;
      // A tile: rows row0..row0+63, k t..t+15.
      var r: u32;
      var kk: u32;
      if (transA) { kk = e / ${MATMUL_TILE}u; r = e % ${MATMUL_TILE}u; } else { r = e / ${TK}u; kk = e % ${TK}u; }
      var av = 0.0;
      if (row0 + r < M && t + kk < K && !triangleZero(row0 + r, t + kk)) {
        if (transA) { av = A[aOff + (t + kk) * M + row0 + r]; } else { av = A[aOff + (row0 + r) * K + t + kk]; }
      }
      As[kk * ${MATMUL_TILE}u + r] = av;
      // B tile: k t..t+15, cols col0..col0+63.
      var c: u32;
      if (transB) { c = e / ${TK}u; kk = e % ${TK}u; } else { kk = e / ${MATMUL_TILE}u; c = e % ${MATMUL_TILE}u; }
      var bv = 0.0;
      if (col0 + c < N && t + kk < K) {
        if (transB) { bv = B[bOff + (col0 + c) * K + t + kk]; } else { bv = B[bOff + (t + kk) * N + col0 + c]; }
      }
      Bs[kk * ${MATMUL_TILE}u + c] = bv;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TK}u; kk = kk + 1u) {
      let a0 = As[kk * ${MATMUL_TILE}u + lid.y];
      let a1 = As[kk * ${MATMUL_TILE}u + lid.y + 16u];
      let a2 = As[kk * ${MATMUL_TILE}u + lid.y + 32u];
      let a3 = As[kk * ${MATMUL_TILE}u + lid.y + 48u];
      let b0 = Bs[kk * ${MATMUL_TILE}u + lid.x];
      let b1 = Bs[kk * ${MATMUL_TILE}u + lid.x + 16u];
      let b2 = Bs[kk * ${MATMUL_TILE}u + lid.x + 32u];
      let b3 = Bs[kk * ${MATMUL_TILE}u + lid.x + 48u];
      acc[0] += a0 * b0; acc[1] += a0 * b1; acc[2] += a0 * b2; acc[3] += a0 * b3;
      acc[4] += a1 * b0; acc[5] += a1 * b1; acc[6] += a1 * b2; acc[7] += a1 * b3;
      acc[8] += a2 * b0; acc[9] += a2 * b1; acc[10] += a2 * b2; acc[11] += a2 * b3;
      acc[12] += a3 * b0; acc[13] += a3 * b1; acc[14] += a3 * b2; acc[15] += a3 * b3;
    }
    workgroupBarrier();
  }

  let cOff = wid.z * M * N;
  let masked = word(8u) == ${causalCode('out')}u;
  for (var i = 0u; i < 4u; i = i + 1u) {
    let row = row0 + lid.y + 16u * i;
    if (row >= M) { continue; }
    for (var j = 0u; j < 4u; j = j + 1u) {
      let col = col0 + lid.x + 16u * j;
      if (col < N) { C[cOff + row * N + col] = select(acc[i * 4u + j], 0.0, masked && col > row); }
    }
  }
}
`;

/** Products up to this many multiply-adds per matrix use the small kernel. */
export const MATMUL_SMALL_MAX = 1 << 18;

/**
 * Small products (attention heads, tiny models): one thread per output element and no workgroup
 * memory, so no barriers — the tiles' setup and synchronisation would cost more than the math.
 * Dispatch: element-wise over batch · m · n. Params: as matmulKernel.
 */
export const matmulSmallKernel = /* wgsl */ `${PARAM_WORDS}${LINEAR_INDEX}${TRIANGLE}
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let M = word(0u);
  let K = word(1u);
  let N = word(2u);
  let i = linearIndex(wid, nwg, lid);
  if (i >= word(7u) * M * N) { return; }
  let b = i / (M * N);
  let r = (i / N) % M;
  let c = i % N;
  let aOff = b * word(5u);
  let bOff = b * word(6u);
  // Index steps along k for each layout, so the loop body has no branches.
  var aIdx = aOff + r * K;
  var aStep = 1u;
  if (word(3u) != 0u) { aIdx = aOff + r; aStep = M; }
  var bIdx = bOff + c;
  var bStep = N;
  if (word(4u) != 0u) { bIdx = bOff + c * K; bStep = 1u; }
  if (word(8u) == ${causalCode('out')}u && c > r) { C[i] = 0.0; return; }
  var acc = 0.0;
  for (var t = 0u; t < K; t = t + 1u) {
    if (!triangleZero(r, t)) { acc = acc + A[aIdx] * B[bIdx]; }
    aIdx = aIdx + aStep;
    bIdx = bIdx + bStep;
  }
  C[i] = acc;
}
`;
