// Command submission for the WebGPU backend. Every op only records a dispatch into a command
// encoder; dispatches are submitted in batches (every MAX_BATCH dispatches, on a read, or when the
// current task yields), and reads copy into staging buffers that are mapped together after one
// submit. Nothing waits on the GPU synchronously.
import type { Storage } from '../../backend';
import { PARAM_BYTES } from '../../../kernels';
import { BufferPool } from './bufferPool';
import type { DeviceWatch } from './device';

// GPUBufferUsage / GPUMapMode values, spelled out so the module does not need those globals.
const USAGE_MAP_READ = 0x0001;
const USAGE_COPY_SRC = 0x0004;
const USAGE_COPY_DST = 0x0008;
const USAGE_UNIFORM = 0x0040;
const USAGE_STORAGE = 0x0080;
const MAP_READ = 0x0001;

/** Dispatches recorded before a submit; also the number of parameter slots in the uniform arena. */
const MAX_BATCH = 128;
/** 32-bit words of parameters one dispatch can pass its kernel. */
export const PARAM_WORDS = PARAM_BYTES / 4;

export class WebGpuStorage implements Storage {
  disposed = false;
  constructor(
    readonly buffer: GPUBuffer,
    readonly length: number,
  ) {}
}

interface PendingRead {
  staging: GPUBuffer;
  bytes: number;
  resolve: (data: Float32Array) => void;
  reject: (e: Error) => void;
}

interface Kernel {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

/** Records dispatches, submits them, reads buffers back, and keeps the tensor buffers pooled. */
export class Submitter {
  private readonly storagePool: BufferPool;
  private readonly stagingPool: BufferPool;
  private readonly arena: GPUBuffer;
  private readonly arenaWords = new Uint32Array(MAX_BATCH * PARAM_WORDS);
  private readonly kernels = new Map<string, Kernel>();

  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private slots = 0;
  private flushScheduled = false;
  /** Buffers freed while commands that use them are still unsubmitted; pooled after the submit. */
  private quarantine: GPUBuffer[] = [];
  private pendingReads: PendingRead[] = [];
  /** Tensor buffers handed out and not yet disposed. */
  live = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly watch: DeviceWatch,
  ) {
    this.storagePool = new BufferPool(device, USAGE_STORAGE | USAGE_COPY_SRC | USAGE_COPY_DST, 'tensor');
    this.stagingPool = new BufferPool(device, USAGE_MAP_READ | USAGE_COPY_DST, 'staging');
    this.arena = device.createBuffer({
      size: MAX_BATCH * PARAM_BYTES,
      usage: USAGE_UNIFORM | USAGE_COPY_DST,
      label: 'kernel parameters',
    });
    // Subscribed before anyone else, so reads in flight fail before listeners hear of the loss.
    watch.onLost(() => {
      const failed = this.pendingReads;
      this.pendingReads = [];
      for (const r of failed) r.reject(watch.lostError());
    });
  }

  // ---- buffers ------------------------------------------------------------------------------

  alloc(length: number): WebGpuStorage {
    this.watch.check();
    this.live++;
    return new WebGpuStorage(this.storagePool.acquire(Math.max(4, length * 4)), length);
  }

  /** Writes now: a pooled buffer's earlier uses were all submitted (see `quarantine`). */
  write(s: WebGpuStorage, data: Float32Array): void {
    if (data.length > 0) this.device.queue.writeBuffer(s.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  release(s: WebGpuStorage): void {
    if (s.disposed) return;
    s.disposed = true;
    this.live--;
    if (this.watch.lostInfo || this.watch.tornDown) return;
    if (this.encoder) this.quarantine.push(s.buffer);
    else this.storagePool.release(s.buffer);
  }

  poolStats(): { created: number; pooled: number; live: number } {
    return { created: this.storagePool.created, pooled: this.storagePool.pooled(), live: this.live };
  }

  /** Frees every pooled buffer and the device, without a device-lost notification. */
  destroy(): void {
    this.watch.tornDown = true;
    this.storagePool.destroyAll();
    this.stagingPool.destroyAll();
    this.watch.tearDown();
  }

  // ---- recording and submitting -------------------------------------------------------------

  private kernel(key: string, source: () => string): Kernel {
    let k = this.kernels.get(key);
    if (!k) {
      const module = this.device.createShaderModule({ code: source(), label: key });
      const pipeline = this.device.createComputePipeline({
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
        label: key,
      });
      k = { pipeline, layout: pipeline.getBindGroupLayout(0) };
      this.kernels.set(key, k);
    }
    return k;
  }

  /** Records one dispatch of the kernel `key` (compiled from `source` on first use). */
  dispatch(
    key: string,
    source: () => string,
    params: readonly number[],
    buffers: readonly GPUBuffer[],
    groups: readonly [number, number, number],
  ): void {
    this.watch.check();
    if (groups[0] * groups[1] * groups[2] === 0) return;
    if (this.slots === MAX_BATCH) this.flush();
    const { pipeline, layout } = this.kernel(key, source);
    const slot = this.slots++;
    this.arenaWords.fill(0, slot * PARAM_WORDS, (slot + 1) * PARAM_WORDS);
    this.arenaWords.set(params, slot * PARAM_WORDS);
    const bindGroup = this.device.createBindGroup({
      layout,
      entries: [
        { binding: 0, resource: { buffer: this.arena, offset: slot * PARAM_BYTES, size: PARAM_BYTES } },
        ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
      ],
    });
    this.encoder ??= this.device.createCommandEncoder();
    this.pass ??= this.encoder.beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    this.scheduleFlush();
  }

  /** Copies `length` floats of `src` into a staging buffer; resolves with them after the next submit. */
  read(src: GPUBuffer, length: number): Promise<Float32Array> {
    const bytes = length * 4;
    const staging = this.stagingPool.acquire(bytes);
    this.encoder ??= this.device.createCommandEncoder();
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    this.encoder.copyBufferToBuffer(src, 0, staging, 0, bytes);
    const p = new Promise<Float32Array>((resolve, reject) => {
      this.pendingReads.push({ staging, bytes, resolve, reject });
    });
    this.scheduleFlush();
    return p;
  }

  /** Submits everything recorded so far and resolves when the GPU has finished it. */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
  }

  /** Submits when the current task yields, so short bursts of ops go out together. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      if (!this.watch.lostInfo && !this.watch.tornDown) this.flush();
    });
  }

  private flush(): void {
    if (!this.encoder) return;
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    if (this.slots > 0) {
      this.device.queue.writeBuffer(this.arena, 0, this.arenaWords.buffer, 0, this.slots * PARAM_BYTES);
    }
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.slots = 0;
    for (const b of this.quarantine) this.storagePool.release(b);
    this.quarantine = [];
    const reads = this.pendingReads;
    this.pendingReads = [];
    for (const r of reads) {
      r.staging.mapAsync(MAP_READ, 0, r.bytes).then(
        () => {
          const data = new Float32Array(r.staging.getMappedRange(0, r.bytes).slice(0));
          r.staging.unmap();
          this.stagingPool.release(r.staging);
          if (this.watch.firstError) r.reject(new Error(`WebGPU error: ${this.watch.firstError}`));
          else r.resolve(data);
        },
        (e: unknown) => r.reject(this.watch.lostInfo ? this.watch.lostError() : (e as Error)),
      );
    }
  }
}
