// Train/validation splits. For prose the validation set is the end of the text, as in nanoGPT,
// so the model is judged on passages it has never seen rather than on shuffled neighbours of
// its training lines.

/** How many of `n` items go to training: the first ⌊n·fraction⌋. Both splits use this rule. */
export function trainCount(n: number, trainFraction = 0.9): number {
  if (!(trainFraction > 0 && trainFraction < 1)) throw new Error(`trainFraction must be between 0 and 1, got ${trainFraction}`);
  return Math.floor(n * trainFraction);
}

/**
 * Splits text by characters (code points, so an emoji is never cut in half): the first 90% is
 * training text, the last 10% validation.
 */
export function splitText(text: string, trainFraction = 0.9): { train: string; val: string } {
  const chars = Array.from(text);
  const n = trainCount(chars.length, trainFraction);
  return { train: chars.slice(0, n).join(''), val: chars.slice(n).join('') };
}
