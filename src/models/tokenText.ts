// How the model service shows a token to a reader.
import type { Tokenizer } from '../engine/index';

/** A token as a reader should see it: bytes that are not a whole character as `<0xF0>`. */
export function tokenText(tokenizer: Tokenizer, id: number): string {
  if ('tokenBytes' in tokenizer) {
    const bytes = tokenizer.tokenBytes(id);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return Array.from(bytes, (b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`).join('');
    }
  }
  return tokenizer.decode([id]);
}
