// A seeded Fisher–Yates shuffle on the engine's generator: the same seed gives the same order everywhere.
import { Generator } from '../random';

/** A shuffled copy; `seed` starts a fresh generator, a Generator continues its stream. */
export function shuffle<T>(items: readonly T[], seed: number | Generator): T[] {
  const gen = typeof seed === 'number' ? new Generator(seed) : seed;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(gen.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
