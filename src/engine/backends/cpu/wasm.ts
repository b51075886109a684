// A minimal WebAssembly binary writer: just the opcodes the CPU backend's SIMD kernels use
// (./simd.ts, ./simdGelu.ts, ./simdLayerNorm.ts, ./simdOptim.ts), so the modules are emitted byte by byte here with no toolchain and
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
export const str = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
export const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
export const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

export const I32 = 0x7f, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;

/** Four copies of a float32, little-endian, as the 16 immediate bytes of v128.const. */
const f32x4Bytes = (v: number) => {
  const b = new Uint8Array(Float32Array.of(v, v, v, v).buffer);
  return Array.from(b);
};

export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...uleb(v)], // small non-negative values only (LEB of v < 64)
  i32Add: [0x6a],
  i32Mul: [0x6c],
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
  f32x4Add: [0xfd, ...uleb(228)],
  f32x4Sub: [0xfd, ...uleb(229)],
  f32x4Mul: [0xfd, ...uleb(230)],
  f32x4Div: [0xfd, ...uleb(231)],
  v128Load64Zero: (offset: number) => [0xfd, ...uleb(93), 0x00, ...uleb(offset)], // two floats into the low half
  v128Store64Lane: (offset: number) => [0xfd, ...uleb(91), 0x00, ...uleb(offset), 0], // the low half's two floats
  f64x2Splat: [0xfd, ...uleb(20)],
  f64x2PromoteLowF32x4: [0xfd, ...uleb(95)],
  f32x4DemoteF64x2Zero: [0xfd, ...uleb(94)],
  f64x2Sqrt: [0xfd, ...uleb(239)],
  f64x2Add: [0xfd, ...uleb(240)],
  f64x2Sub: [0xfd, ...uleb(241)],
  f64x2Mul: [0xfd, ...uleb(242)],
  f64x2Div: [0xfd, ...uleb(243)],
  f32x4Min: [0xfd, ...uleb(232)],
  f32x4Max: [0xfd, ...uleb(233)],
  f32x4RelaxedMadd: [0xfd, ...uleb(0x105)], // a·b + c
  f32x4Splat: [0xfd, 0x13],
  f32x4ExtractLane: (lane: number) => [0xfd, 0x1f, lane],
  f32Load: (offset: number) => [0x2a, 0x02, ...uleb(offset)],
  f32Store: (offset: number) => [0x38, 0x02, ...uleb(offset)],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  f32ConvertI32U: [0xb3],
  f32Const: (v: number) => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)],
};

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
