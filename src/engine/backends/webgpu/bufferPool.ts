// Buffers are expensive to create and free on a GPU, and a training step makes hundreds of
// tensors of a handful of sizes; so freed buffers go back to a pool keyed by size class (powers
// of two, at least 256 bytes) and the next tensor of that class takes one.

export function sizeClass(bytes: number): number {
  return Math.max(256, 2 ** Math.ceil(Math.log2(Math.max(1, bytes))));
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  /** Buffers created and not yet destroyed (in use or pooled). */
  created = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: number,
    private readonly label: string,
  ) {}

  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const reused = this.free.get(size)?.pop();
    if (reused) return reused;
    this.created++;
    return this.device.createBuffer({ size, usage: this.usage, label: `${this.label} ${size}` });
  }

  release(buffer: GPUBuffer): void {
    let list = this.free.get(buffer.size);
    if (!list) this.free.set(buffer.size, (list = []));
    list.push(buffer);
  }

  pooled(): number {
    let n = 0;
    for (const list of this.free.values()) n += list.length;
    return n;
  }

  destroyAll(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
  }
}
