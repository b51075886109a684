// A minimal WebAssembly binary writer: just the opcodes the CPU backend's SIMD kernels use
// (./simd.ts, ./simdGelu.ts, ./simdLayerNorm.ts, ./simdElementwise.ts, ./simdSoftmax.ts, ./simdCopy.ts,
// ./simdOptim.ts), so the modules are emitted byte by byte here with no toolchain and
// nothing to fetch. Each module imports one memory as env.mem and exports its functions.

export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
/** Signed LEB128, as i32.const reads its immediate (unsigned LEB would make 64 read as −64). */
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
export const str = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
export const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
export const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

export const I32 = 0x7f, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;

/** Floats per array per call of the streaming kernels (16 KB each: a few arrays fit the first 64 KB page). */
export const CHUNK = 4096;

/** Grows `memory` to at least `bytes` (views on its buffer must be made again after). */
export function growTo(memory: WebAssembly.Memory, bytes: number): void {
  if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
}

/** A SIMD instruction without immediates: prefix 0xfd, then its opcode as LEB128. */
const simd = (opcode: number) => [0xfd, ...uleb(opcode)];

/** Four copies of a float32, little-endian, as the 16 immediate bytes of v128.const. */
const f32x4Bytes = (v: number) => {
  const b = new Uint8Array(Float32Array.of(v, v, v, v).buffer);
  return Array.from(b);
};

export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32Load: (offset: number) => [0x28, 0x02, ...uleb(offset)],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  i32Eqz: [0x45],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  end: [0x0b],
  // SIMD (prefix 0xfd); memarg = alignment hint (log2), offset
  v128Load: (offset: number) => [0xfd, 0x00, 0x00, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 0x00, ...uleb(offset)],
  v128Load32Splat: (offset: number) => [0xfd, 0x09, 0x00, ...uleb(offset)],
  f32x4Const: (v: number) => [0xfd, 0x0c, ...f32x4Bytes(v)],
  f32x4Add: simd(228),
  f32x4Sub: simd(229),
  f32x4Mul: simd(230),
  f32x4Div: simd(231),
  v128Load64Zero: (offset: number) => [0xfd, ...uleb(93), 0x00, ...uleb(offset)], // two floats into the low half
  v128Store64Lane: (offset: number) => [0xfd, ...uleb(91), 0x00, ...uleb(offset), 0], // the low half's two floats
  f64x2Splat: simd(20),
  f64x2PromoteLowF32x4: simd(95),
  f32x4DemoteF64x2Zero: simd(94),
  f64x2Sqrt: simd(239),
  f64x2Add: simd(240),
  f64x2Sub: simd(241),
  f64x2Mul: simd(242),
  f64x2Div: simd(243),
  f32x4Min: simd(232),
  f32x4Max: simd(233),
  f32x4RelaxedMadd: simd(0x105), // a·b + c
  f32x4Splat: [0xfd, 0x13],
  f32x4Ne: simd(66),
  v128And: simd(78),
  f32x4Nearest: simd(106),
  i32x4TruncSatF32x4S: simd(248),
  i32x4Add: simd(174),
  i32x4Shl: simd(171),
  i32x4Const: (v: number) => [0xfd, 0x0c, ...new Uint8Array(Int32Array.of(v, v, v, v).buffer)],
  i8x16Shuffle: (lanes: number[]) => [0xfd, 0x0d, ...lanes],
  f32x4ExtractLane: (lane: number) => [0xfd, 0x1f, lane],
  f32Load: (offset: number) => [0x2a, 0x02, ...uleb(offset)],
  f32Store: (offset: number) => [0x38, 0x02, ...uleb(offset)],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Max: [0x97],
  f32Sqrt: [0x91],
  f32ConvertI32U: [0xb3],
  f32Const: (v: number) => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)],
};

/** A loop over 16-byte steps until `out` reaches `end`, advancing every pointer in `ptrs`. */
export function streamLoop(ptrs: number[], out: number, end: number, body: number[]): number[] {
  return [
    ...op.block, ...op.loop,
    ...op.localGet(out), ...op.localGet(end), ...op.i32GeU, ...op.brIf(1),
    ...body,
    ...ptrs.flatMap((p) => [...op.localGet(p), ...op.i32Const(16), ...op.i32Add, ...op.localSet(p)]),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
}

/** Emits the per-row loop over columns: `body` sees the byte offset in local `c`, 16 bytes a step. */
export function columns(c: number, rowBytes: number, body: number[]): number[] {
  return [
    ...op.i32Const(0), ...op.localSet(c),
    ...op.block, ...op.loop,
    ...op.localGet(c), ...op.localGet(rowBytes), ...op.i32GeU, ...op.brIf(1),
    ...body,
    ...op.localGet(c), ...op.i32Const(16), ...op.i32Add, ...op.localSet(c),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
}

/** c[0]·z^(n-1) + … + c[n-1] by Horner's rule, z a v128 local. */
export const horner = (z: number, c: number[]) => c.slice(1).reduce((code, k) => [...code, ...op.localGet(z), ...op.f32x4Mul, ...op.f32x4Const(k), ...op.f32x4Add], op.f32x4Const(c[0]));

/** The four lanes of a v128 local folded left to right by an f32 operation (f32Add, f32Max), as an f32. */
export const laneFold = (v: number, f: number[]) => [
  ...op.localGet(v), ...op.f32x4ExtractLane(0), ...op.localGet(v), ...op.f32x4ExtractLane(1), ...f,
  ...op.localGet(v), ...op.f32x4ExtractLane(2), ...f, ...op.localGet(v), ...op.f32x4ExtractLane(3), ...f,
];
export const laneSum = (v: number) => laneFold(v, op.f32Add);

export interface WasmFunction {
  name: string;
  /** Parameter types (I32, F32…), or a count of i32 parameters. */
  params: number | number[];
  /** Extra locals after the parameters, as [count, type] runs. */
  locals: [number, number][];
  code: number[];
}

/** Pages (64 KiB) a shared memory may grow to: 1 GiB, reserved up front by the runtime. */
export const SHARED_MAX_PAGES = 16384;

/**
 * A module importing env.mem (one page to start) and exporting `functions`, each with its own type.
 * `shared` imports a shared memory (limits flag 0x03: shared, with a maximum), for threads.
 */
export function wasmModule(functions: WasmFunction[], shared = false): Uint8Array<ArrayBuffer> {
  const body = (f: WasmFunction) => {
    const b = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.code, ...op.end];
    return [...uleb(b.length), ...b];
  };
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(functions.map((f) => {
      const params = typeof f.params === 'number' ? Array<number>(f.params).fill(I32) : f.params;
      return [0x60, ...vec(params.map((t) => [t])), 0x00];
    }))),
    ...section(2, vec([[...str('env'), ...str('mem'), 0x02, ...(shared ? [0x03, 0x01, ...uleb(SHARED_MAX_PAGES)] : [0x00, 0x01])]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(functions.map(body))),
  ]);
}

/**
 * Compiles `bytes` against a fresh memory (shared, for a module built with `shared`); null where
 * WebAssembly (or this module's features, or shared memory) is missing.
 */
export function instantiate(bytes: Uint8Array<ArrayBuffer>, shared = false): { memory: WebAssembly.Memory; module: WebAssembly.Module; exports: WebAssembly.Exports } | null {
  try {
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory(shared ? { initial: 1, maximum: SHARED_MAX_PAGES, shared: true } : { initial: 1 });
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
    return { memory, module, exports: instance.exports };
  } catch {
    return null; // e.g. a page whose CSP forbids WebAssembly compilation
  }
}
