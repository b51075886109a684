// One seeded generator drives every random number the engine makes (initial weights, dropout
// masks, batches, sampling), so the same seed gives the same numbers on every backend: values
// are drawn here in JS and then uploaded. sfc32 is small, fast and has a 128-bit state that
// round-trips through JSON for checkpoints.

export interface GeneratorState {
  seed: number;
  state: [number, number, number, number];
  /** A second normal from Box–Muller, waiting to be used. */
  spare: number | null;
}

export class Generator {
  private s: [number, number, number, number] = [0, 0, 0, 0];
  private spare: number | null = null;
  seed = 0;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  manualSeed(seed: number): this {
    this.seed = seed;
    this.s = [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0];
    this.spare = null;
    for (let i = 0; i < 15; i++) this.nextUint32(); // mix the seed into every state word
    return this;
  }

  nextUint32(): number {
    let [a, b, c, d] = this.s;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.s = [a, b, c, d];
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  stateDict(): GeneratorState {
    return { seed: this.seed, state: [...this.s], spare: this.spare };
  }

  loadStateDict(state: GeneratorState): void {
    if (!Array.isArray(state?.state) || state.state.length !== 4) {
      throw new Error('Generator.loadStateDict: expected { seed, state: [4 numbers], spare }');
    }
    this.seed = state.seed;
    this.s = [state.state[0] | 0, state.state[1] | 0, state.state[2] | 0, state.state[3] | 0];
    this.spare = state.spare ?? null;
  }
}

const globalGenerator = new Generator(0);

/** The generator used when no other is given. */
export function defaultGenerator(): Generator {
  return globalGenerator;
}

/** Seeds the default generator: the same seed gives the same numbers. */
export function manualSeed(seed: number): Generator {
  return globalGenerator.manualSeed(seed);
}

/** Uniform draws in [0, 1) from a fresh generator seeded with `seed`, for code that takes a `() => number`. */
export function uniformStream(seed: number): () => number {
  const g = new Generator(seed);
  return () => g.random();
}
