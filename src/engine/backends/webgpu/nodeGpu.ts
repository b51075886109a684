// WebGPU in Node (tests and benchmarks only; browsers use navigator.gpu). The `webgpu` package is
// Dawn, Chromium's WebGPU; on a machine without a GPU it runs on SwiftShader, the Vulkan CPU
// driver that ships with Debian's chromium package, found through VK_ICD_FILENAMES.
import { existsSync } from 'node:fs';
import { createWebGpuBackend, type WebGpuBackend } from './webgpuBackend';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

const HOW_TO_FIX = `No WebGPU adapter was found in Node.
The WebGPU tests need Dawn (the "webgpu" npm package) and a Vulkan driver. Without a GPU, install
SwiftShader's driver and the Vulkan loader:
  sudo apt-get install chromium libvulkan1
and run with VK_ICD_FILENAMES=${SWIFTSHADER_ICD} (set automatically when that file exists).
To use a real GPU instead, point VK_ICD_FILENAMES at its driver's ICD json.`;

let gpuPromise: Promise<GPU> | null = null;

/** The Dawn GPU object, created once per process. */
export function nodeGpu(): Promise<GPU> {
  gpuPromise ??= (async () => {
    // The Vulkan loader reads this when Dawn first enumerates adapters, so it must be set first.
    if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    return create([]) as GPU;
  })();
  return gpuPromise;
}

/** A WebGPU backend in Node, or an Error that says how to get one. */
export async function nodeWebGpuBackend(): Promise<WebGpuBackend> {
  const gpu = await nodeGpu();
  try {
    return await createWebGpuBackend(gpu);
  } catch (e) {
    throw new Error(`${HOW_TO_FIX}\n(${(e as Error).message}; VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'})`);
  }
}
