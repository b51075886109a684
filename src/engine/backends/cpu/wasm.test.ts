import { describe, expect, it } from 'vitest';
import { instantiate, op, sleb, wasmModule } from './wasm';

describe('the WebAssembly byte writer', () => {
  it('encodes i32 constants as signed LEB128, so 64 is 64 (not −64) and large and negative values survive', () => {
    expect(sleb(63)).toEqual([63]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    const values = [0, 63, 64, 100, 2 ** 20, -1];
    // f32[i] = (unsigned) values[i]: a module that writes each constant where JS can read it
    const code = values.flatMap((v, i) => [...op.i32Const(4 * i), ...op.i32Const(v), ...op.f32ConvertI32U, ...op.f32Store(0)]);
    const wasm = instantiate(wasmModule([{ name: 'write', params: 0, locals: [], code }]))!;
    (wasm.exports.write as () => void)();
    expect(Array.from(new Float32Array(wasm.memory.buffer, 0, values.length))).toEqual([0, 63, 64, 100, 2 ** 20, 2 ** 32]);
  });
});
