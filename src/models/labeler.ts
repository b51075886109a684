// The RLHF labeler for a GPT's continuations (chapter 11's RlhfLab): a stated rule on the text,
// with no engine in it, so the page can show the rule and score examples without loading models.
export const VOWELS = /[aeiou]/i;
export const REPEAT_PENALTY = 2;
export const LABELER_RULE = `+1 for every vowel, −${REPEAT_PENALTY} for every three characters in a row that already appeared earlier in the continuation`;

/** The labeler's judgement of one continuation (the reader is told the rule). */
export function labelerScore(text: string): number {
  const chars = [...text.toLowerCase()];
  let score = chars.filter((c) => VOWELS.test(c)).length;
  const seen = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) {
    const tri = chars.slice(i, i + 3).join('');
    if (seen.has(tri)) score -= REPEAT_PENALTY;
    seen.add(tri);
  }
  return score;
}
