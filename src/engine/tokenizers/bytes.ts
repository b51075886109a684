// A token's bytes as text a reader can see: whole UTF-8 characters as themselves, and any byte that
// is only part of a character as <0xF0> (never the replacement character �, which would hide which
// byte it was).

/** Length of the UTF-8 sequence a lead byte starts, or 0 for a byte that cannot start one. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const hex = (b: number): string => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;

export function readableBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes[i]);
    if (n > 0 && i + n <= bytes.length) {
      try {
        out += strict.decode(bytes.subarray(i, i + n));
        i += n;
        continue;
      } catch {
        // not a valid sequence after all (a bad continuation byte): fall through to hex
      }
    }
    out += hex(bytes[i]);
    i++;
  }
  return out;
}
