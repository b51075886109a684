import { describe, expect, it } from 'vitest';
import { readableBytes } from './bytes';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('readableBytes', () => {
  it('shows whole characters and names the bytes of partial ones', () => {
    expect(readableBytes(utf8('héllo 😀'))).toBe('héllo 😀');
    const smile = utf8('😀'); // F0 9F 98 80
    expect(readableBytes(smile.subarray(0, 2))).toBe('<0xF0><0x9F>');
    expect(readableBytes(smile.subarray(2))).toBe('<0x98><0x80>');
    expect(readableBytes(Uint8Array.of(0x20, 0xe6, 0x97))).toBe(' <0xE6><0x97>');
    expect(readableBytes(Uint8Array.of(0xff, 0x41))).toBe('<0xFF>A');
    expect(readableBytes(Uint8Array.of(0xe6, 0x41, 0x42))).toBe('<0xE6>AB');
    expect(readableBytes(new Uint8Array(0))).toBe('');
  });
});
