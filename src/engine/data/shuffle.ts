// A seeded Fisher–Yates shuffle on the engine's generator: the same seed gives the same order everywhere.
import { Generator } from '../tensor';

export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const gen = new Generator(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(gen.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
