// Getting a WebGPU device, in a browser (navigator.gpu) or in Node (a GPU object from the `webgpu`
// package passed in), and telling hardware adapters from software ones.

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
