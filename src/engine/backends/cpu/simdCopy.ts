// Gathering short contiguous runs (attention's head split and merge moves runs of a head's 32
// values) in WebAssembly SIMD. A JS loop moves ~3–5 ns a value here and `set(subarray(…))`
// allocates a view per run; copying the whole source into the module's memory, moving each run
// 16 bytes at a time and copying the result out costs well under 1 ns a value.
import { I32, columns, growTo, instantiate, op, wasmModule } from './wasm';

// gatherRuns(idx, out, end, runBytes, src): for each i32 float offset at idx, the run of runBytes
// at src + 4·offset goes to out; out advances by runBytes, idx by 4, until out reaches end
const gatherRunsCode = (() => {
  const [idx, out, end, runBytes, src, from, c] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...op.block, ...op.loop,
    ...op.localGet(out), ...op.localGet(end), ...op.i32GeU, ...op.brIf(1),
    ...op.localGet(src), ...op.localGet(idx), ...op.i32Load(0), ...op.i32Const(2), ...op.i32Shl, ...op.i32Add, ...op.localSet(from),
    ...columns(c, runBytes, [
      ...op.localGet(out), ...op.localGet(c), ...op.i32Add,
      ...op.localGet(from), ...op.localGet(c), ...op.i32Add, ...op.v128Load(0),
      ...op.v128Store(0),
    ]),
    ...op.localGet(out), ...op.localGet(runBytes), ...op.i32Add, ...op.localSet(out),
    ...op.localGet(idx), ...op.i32Const(4), ...op.i32Add, ...op.localSet(idx),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
})();

export function simdCopyModule(): Uint8Array<ArrayBuffer> {
  return wasmModule([{ name: 'gatherRuns', params: 5, locals: [[2, I32]], code: gatherRunsCode }]);
}

export interface SimdCopy {
  /** out[k·run .. (k+1)·run) = src[starts[k] .. starts[k] + run) for every k; run a multiple of 4. */
  gatherRuns(src: Float32Array, starts: Int32Array, run: number, out: Float32Array): void;
}

/** The kernel, or null where WebAssembly SIMD is missing (the JS loops run instead). */
export function loadSimdCopy(): SimdCopy | null {
  const wasm = instantiate(simdCopyModule());
  if (!wasm) return null;
  const { memory } = wasm;
  const gatherRuns = wasm.exports.gatherRuns as (...args: number[]) => void;
  const align = (n: number) => Math.ceil(n / 4) * 4;
  return {
    gatherRuns(src, starts, run, out) {
      // the run offsets, the source and the output one after another, the memory grown to hold them
      const [IDX, SRC, OUT] = [0, align(starts.length), align(starts.length) + align(src.length)];
      const bytes = 4 * (OUT + out.length);
      growTo(memory, bytes);
      new Int32Array(memory.buffer, 4 * IDX, starts.length).set(starts);
      const heap = new Float32Array(memory.buffer);
      heap.set(src, SRC);
      gatherRuns(4 * IDX, 4 * OUT, 4 * (OUT + starts.length * run), 4 * run, 4 * SRC);
      out.set(heap.subarray(OUT, OUT + starts.length * run));
    },
  };
}
