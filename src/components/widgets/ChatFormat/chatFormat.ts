// A conversation as the model reads it: one flat sequence in which special tokens mark where each
// message starts, where its role ends and where it stops. GPT-4o's markers (ChatML): <|im_start|>,
// <|im_sep|>, <|im_end|>; the same template (models/chatTemplate.ts) is used for the picked model's
// tokenizer so the two line up.
import { MARKERS, type Message, type Role, type Token } from '../../../models/chatTemplate';

/** Enough for a long conversation, small enough to tokenise and draw at once. */
export const MAX_CHARS = 20_000;
export const MAX_MESSAGES = 12;

export const EXAMPLE: Message[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'What is 2 + 2?' },
  { role: 'assistant', content: '2 + 2 = 4.' },
  { role: 'user', content: 'And times 3?' },
];

/** A clear message for a conversation that cannot be shown, or null when it can. */
export function validate(messages: Message[]): string | null {
  if (messages.length === 0) return 'The conversation is empty: add a message.';
  if (messages.length > MAX_MESSAGES) return `At most ${MAX_MESSAGES} messages, please (there are ${messages.length}).`;
  const empty = messages.findIndex((m) => m.content.trim() === '');
  if (empty >= 0) return `Message ${empty + 1} (${messages[empty].role}) is empty: type something into it, or remove it.`;
  const chars = messages.reduce((n, m) => n + m.content.length, 0);
  if (chars > MAX_CHARS)
    return `The conversation has ${chars.toLocaleString('en')} characters; this view shows at most ${MAX_CHARS.toLocaleString('en')}. Shorten a message.`;
  return null;
}

/** Notes about input that is valid but worth explaining. */
export function notes(messages: Message[]): string[] {
  const out: string[] = [];
  if (messages.some((m) => MARKERS.some((k) => m.content.includes(k))))
    out.push(
      'A message contains the text of a marker. Both tokenizers here encode it as ordinary characters, not as the special token: that is how chat services stop a user from faking the end of a turn.',
    );
  if (messages.some((m) => /\p{Extended_Pictographic}/u.test(m.content)))
    out.push('Emoji are several bytes in UTF-8: a byte-level tokenizer without a merge for them spends several tokens on each.');
  return out;
}

/** What gpt-tokenizer's GPT-4o model module provides (loaded lazily). */
export interface Gpt4oModule {
  encodeChat(chat: { role: Role; content: string }[], model?: undefined, options?: { disallowedSpecial?: Set<string> }): number[];
  encode(text: string, options?: { allowedSpecial?: Set<string> }): number[];
  decode(ids: number[]): string;
}

export function gpt4oTokens(gpt: Gpt4oModule, messages: Message[]): Token[] {
  // Marker text inside a message stays ordinary text (an empty "disallowed" set), as in the API.
  const ids = gpt.encodeChat(messages.map(({ role, content }) => ({ role, content })), undefined, { disallowedSpecial: new Set() });
  const specialIds = new Set(MARKERS.flatMap((m) => gpt.encode(m, { allowedSpecial: new Set([m]) })));
  return ids.map((id) => ({ id, text: gpt.decode([id]), special: specialIds.has(id) }));
}

/** Whitespace made visible for a token chip. */
export function visible(text: string): string {
  return text.replace(/ /g, '·').replace(/\n/g, '↵').replace(/\t/g, '⇥') || '∅';
}
