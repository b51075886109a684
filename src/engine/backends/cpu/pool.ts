// Reuse of Float32Arrays by length. A training step makes the same few hundred arrays of the
// same sizes every time; handing disposed ones out again means almost nothing is allocated after
// the first step, and the garbage collector, which otherwise stops the step to zero and sweep
// megabytes of fresh arrays, has little to do. A taken array holds whatever it held before.

export class BufferPool {
  private free = new Map<number, Float32Array[]>();
  private floats = 0;

  /** Keeps at most `maxFloats` floats of disposed arrays; beyond that they go to the GC. */
  constructor(readonly maxFloats: number) {}

  /** An array of `n` floats: a pooled one (old contents) or a new one (zeros). */
  take(n: number): Float32Array {
    const a = this.free.get(n)?.pop();
    if (!a) return new Float32Array(n);
    this.floats -= n;
    return a;
  }

  /** Gives back an array nobody uses any more. Views into a larger buffer are left to the GC. */
  give(a: Float32Array): void {
    const n = a.length;
    if (n === 0 || a.byteLength !== a.buffer.byteLength || this.floats + n > this.maxFloats) return;
    let list = this.free.get(n);
    if (!list) this.free.set(n, (list = []));
    list.push(a);
    this.floats += n;
  }

  /** Floats held for reuse now. */
  get pooledFloats(): number {
    return this.floats;
  }

  /** Lets the GC have every pooled array (e.g. after a model is thrown away). */
  clear(): void {
    this.free.clear();
    this.floats = 0;
  }
}
