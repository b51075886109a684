// Reuse of Float32Arrays by length. A training step makes the same few hundred arrays of the
// same sizes every time; handing disposed ones out again means almost nothing is allocated after
// the first step, and the garbage collector, which otherwise stops the step to zero and sweep
// megabytes of fresh arrays, has little to do. A taken array holds whatever it held before.
//
// The pool is capped. When it is full, the lengths taken least recently make room: sampling
// between training steps runs the model on every context length from 1 up, dozens of lengths
// used once each, and those must not crowd out the arrays the next step and the next token need.

export class BufferPool {
  /** Free arrays by length, the lengths in the order they were last taken (least recent first). */
  private free = new Map<number, Float32Array[]>();
  private floats = 0;
  private fresh = 0;

  /** Keeps at most `maxFloats` floats of disposed arrays; beyond that the least recently taken lengths go to the GC. */
  constructor(readonly maxFloats: number) {}

  /** An array of `n` floats: a pooled one (old contents) or a new one (zeros). */
  take(n: number): Float32Array {
    const list = this.free.get(n);
    const a = list?.pop();
    if (!a) {
      this.fresh++;
      return new Float32Array(n);
    }
    this.free.delete(n); // re-inserted last: the most recently taken length
    this.free.set(n, list!);
    this.floats -= n;
    return a;
  }

  /** Gives back an array nobody uses any more. Views into a larger buffer are left to the GC. */
  give(a: Float32Array): void {
    const n = a.length;
    if (n === 0 || n > this.maxFloats || a.byteLength !== a.buffer.byteLength) return;
    let list = this.free.get(n);
    if (!list) this.free.set(n, (list = []));
    list.push(a);
    this.floats += n;
    for (const [length, arrays] of this.free) {
      if (this.floats <= this.maxFloats) break;
      while (arrays.length > 0 && this.floats > this.maxFloats) {
        arrays.pop();
        this.floats -= length;
      }
      if (arrays.length === 0) this.free.delete(length);
    }
  }

  /** Floats held for reuse now. */
  get pooledFloats(): number {
    return this.floats;
  }

  /** Arrays made new because none of their length was pooled (misses), since the pool was made. */
  get freshArrays(): number {
    return this.fresh;
  }

  /** Lets the GC have every pooled array (e.g. after a model is thrown away). */
  clear(): void {
    this.free.clear();
    this.floats = 0;
  }
}
