import { describe, it, expect } from 'vitest';
import { readSafetensors, writeSafetensors } from './safetensors';

describe('safetensors', () => {
  it('round-trips tensors and metadata with the documented layout', () => {
    const a = { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 1e-8, -0, 6]) };
    const b = { shape: [4], data: Float32Array.from([0.1, 0.2, 0.3, 0.4]) };
    const bytes = writeSafetensors({ a, b }, { step: '12', note: 'é🙂' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.a).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header.b.data_offsets).toEqual([24, 40]);
    expect(bytes.length).toBe(8 + n + 40);
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ step: '12', note: 'é🙂' });
    expect(Array.from(back.tensors.get('a')!.data)).toEqual(Array.from(a.data));
    expect(back.tensors.get('b')!.shape).toEqual([4]);
  });

  it('reads F16 and BF16 written by hand', () => {
    const header = JSON.stringify({ h: { dtype: 'F16', shape: [3], data_offsets: [0, 6] }, b: { dtype: 'BF16', shape: [1], data_offsets: [6, 8] } });
    const hb = new TextEncoder().encode(header);
    const bytes = new Uint8Array(8 + hb.length + 8);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt(hb.length), true);
    bytes.set(hb, 8);
    const o = 8 + hb.length;
    view.setUint16(o, 0x3c00, true); // 1.0
    view.setUint16(o + 2, 0xc000, true); // -2.0
    view.setUint16(o + 4, 0x3555, true); // 0.33325
    view.setUint16(o + 6, 0x4049, true); // 3.140625
    const t = readSafetensors(bytes).tensors;
    expect(Array.from(t.get('h')!.data)).toEqual([1, -2, 0.333251953125]);
    expect(t.get('b')!.data[0]).toBe(3.140625);
  });

  it('explains broken input', () => {
    expect(() => readSafetensors(new Uint8Array(4))).toThrow(/too short/);
    const bytes = writeSafetensors({ a: { shape: [2], data: new Float32Array(2) } });
    expect(() => readSafetensors(bytes.subarray(0, bytes.length - 1))).toThrow(/data_offsets/);
    expect(() => writeSafetensors({ a: { shape: [3], data: new Float32Array(2) } })).toThrow(/shape \[3\]/);
  });
});
