// Getting a WebGPU device, in a browser (navigator.gpu) or in Node (a GPU object from the `webgpu`
// package passed in), telling hardware adapters from software ones, and watching a device for
// loss and validation errors.

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU implementation (SwiftShader, llvmpipe, WARP…): correct, but slower than our CPU backend. */
  software: boolean;
}

export interface AcquiredDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  info: AdapterDescription;
}

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|warp/i;

/** Reads the adapter's info across the spec's revisions (info vs requestAdapterInfo, where isFallbackAdapter lives). */
export function describeAdapter(adapter: GPUAdapter): AdapterDescription {
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const fallback =
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter === true;
  const software =
    fallback ||
    (vendor.toLowerCase() === 'google' && architecture.toLowerCase() === 'swiftshader') ||
    SOFTWARE_NAMES.test([vendor, architecture, device, description].join(' '));
  return { vendor, architecture, device, description, software };
}

/** A short human name for the adapter, e.g. "apple metal-3" or "google swiftshader". */
export function adapterName(d: AdapterDescription): string {
  return [d.vendor, d.architecture].filter(Boolean).join(' ') || d.description || 'unknown adapter';
}

/** Why WebGPU cannot be used here, in words for the reader. */
export class WebGpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebGpuUnavailableError';
  }
}

/**
 * Requests an adapter and a device. `gpu` defaults to `navigator.gpu`; Node passes the object from
 * the `webgpu` package. Asks for the adapter's largest buffer limits so big tensors fit.
 */
export async function acquireDevice(gpu?: GPU): Promise<AcquiredDevice> {
  const g = gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!g) {
    throw new WebGpuUnavailableError(
      'WebGPU is not available here: navigator.gpu is missing (this browser or context has no WebGPU, or it is switched off).',
    );
  }
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await g.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    throw new WebGpuUnavailableError(`WebGPU adapter request failed: ${(e as Error).message}`);
  }
  if (!adapter) {
    throw new WebGpuUnavailableError('WebGPU is present but no GPU adapter was found (blocklisted or missing driver).');
  }
  const { maxBufferSize, maxStorageBufferBindingSize } = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: { maxBufferSize, maxStorageBufferBindingSize },
  });
  return { adapter, device, info: describeAdapter(adapter) };
}

export interface DeviceLostInfo {
  reason: string;
  message: string;
}

/**
 * A device's health: whether it was lost (driver reset, GPU removed, or `device.destroy()`), the
 * first validation error it reported, and who to tell when it is lost. Releasing the device on
 * purpose (`tearDown`) is not a loss and notifies no one.
 */
export class DeviceWatch {
  lostInfo: DeviceLostInfo | null = null;
  tornDown = false;
  /** The first uncaptured WebGPU error; reads that finish after it reject with it. */
  firstError: string | null = null;
  private readonly listeners = new Set<(info: DeviceLostInfo) => void>();

  constructor(private readonly device: GPUDevice) {
    device.onuncapturederror = (ev: GPUUncapturedErrorEvent) => {
      this.firstError ??= ev.error.message;
      console.error(`WebGPU error: ${ev.error.message}`);
    };
    void device.lost.then((info) => {
      if (this.tornDown) return;
      const lost = { reason: info.reason, message: info.message };
      this.lostInfo = lost;
      for (const cb of this.listeners) cb(lost);
    });
  }

  /** Calls `cb` once when the device is lost, at once if it already is. Returns a function that unsubscribes. */
  onLost(cb: (info: DeviceLostInfo) => void): () => void {
    const lost = this.lostInfo;
    if (lost) queueMicrotask(() => cb(lost));
    else this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  get isLost(): boolean {
    return this.lostInfo !== null;
  }

  /** Resolves true if the device is (or within `ms` becomes) lost. */
  async lostWithin(ms: number): Promise<boolean> {
    if (this.lostInfo) return true;
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms));
    return Promise.race([this.device.lost.then(() => !this.tornDown), timeout]);
  }

  /** Destroys the device without a device-lost notification. */
  tearDown(): void {
    this.tornDown = true;
    this.device.destroy();
  }

  lostError(): Error {
    const i = this.lostInfo;
    return new Error(
      `The WebGPU device was lost (${i?.reason ?? 'unknown'}${i?.message ? `: ${i.message}` : ''}); continue on the CPU backend.`,
    );
  }

  /** Throws the lost-device error if the device is gone. */
  check(): void {
    if (this.lostInfo) throw this.lostError();
  }
}
