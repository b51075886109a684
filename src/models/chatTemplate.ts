// The chat template (ChatML): a conversation as one flat sequence in which special tokens mark where
// each message starts, where its role ends and where it stops. A small model's tokenizer has no such
// tokens, so, as post-training does, three new ids are appended after its vocabulary for them: the
// chat view (ChatFormat) shows exactly the ids that fine-tuning (sft.ts) trains on.
import { IM_END, IM_SEP, IM_START } from '../engine/index';

export { IM_END, IM_SEP, IM_START };
export const MARKERS = [IM_START, IM_SEP, IM_END] as const;
export type Marker = (typeof MARKERS)[number];

export type Role = 'system' | 'user' | 'assistant';
export const ROLES: Role[] = ['system', 'user', 'assistant'];
export interface Message {
  role: Role;
  content: string;
}

export interface Segment {
  text: string;
  special: boolean;
  /** The message this piece belongs to (its index), or -1 for the opened assistant turn. */
  message: number;
  /** Whether it is the message's text (not a marker, not the role). */
  content: boolean;
}

/**
 * Each message as start, role, separator, content, end; with `open` (the default) the assistant's
 * turn is then opened, which is what a model is given to answer.
 */
export function segments(messages: Message[], { open = true } = {}): Segment[] {
  const out: Segment[] = [];
  const marker = (text: string, message: number) => out.push({ text, special: true, message, content: false });
  const plain = (text: string, message: number, content = false) => out.push({ text, special: false, message, content });
  messages.forEach((m, i) => {
    marker(IM_START, i);
    plain(m.role, i);
    marker(IM_SEP, i);
    plain(m.content, i, true);
    marker(IM_END, i);
  });
  if (open) {
    marker(IM_START, -1);
    plain('assistant', -1);
    marker(IM_SEP, -1);
  }
  return out;
}

/** The id a marker gets in a model whose own vocabulary has `vocabSize` tokens. */
export const markerId = (marker: Marker, vocabSize: number): number => vocabSize + MARKERS.indexOf(marker);

export interface Token {
  id: number;
  text: string;
  special: boolean;
}

/**
 * The template's tokens for a model: `encoded[i]` holds the tokens of segment i when it is plain
 * text (each piece encoded on its own, as the template joins them); markers get their appended ids.
 */
export function modelTokens(parts: Segment[], encoded: ({ id: number; text: string }[] | null)[], vocabSize: number): Token[] {
  return parts.flatMap((s, i): Token[] =>
    s.special ? [{ id: markerId(s.text as Marker, vocabSize), text: s.text, special: true }] : (encoded[i] ?? []).map((t) => ({ ...t, special: false })),
  );
}
