import { describe, expect, test } from 'vitest';
import { backendOverride, chooseByProbe, selectBackend } from './select';
import type { MatmulArgs, Storage } from '../backend';
import { CpuBackend } from './cpu';
import { describeAdapter } from './webgpu/device';
import { nodeGpu } from './webgpu/nodeGpu';

const cpu = new CpuBackend();

/** A GPU whose adapter claims to be hardware, so the probe path runs on SwiftShader. */
async function gpuPretendingToBeHardware(): Promise<GPU> {
  const real = await nodeGpu();
  return {
    requestAdapter: async (o?: GPURequestAdapterOptions) => {
      const adapter = await real.requestAdapter(o);
      if (!adapter) return null;
      const info = { vendor: 'acme', architecture: 'test-gpu', device: '', description: 'a pretend discrete GPU', isFallbackAdapter: false };
      return new Proxy(adapter, {
        get(target, key) {
          if (key === 'info') return info;
          if (key === 'isFallbackAdapter') return false;
          const v: unknown = Reflect.get(target, key);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    },
  } as unknown as GPU;
}

describe('backend choice', () => {
  test('reads the ?backend= override', () => {
    expect(backendOverride('?backend=cpu')).toBe('cpu');
    expect(backendOverride('?x=1&backend=webgpu')).toBe('webgpu');
    expect(backendOverride('?backend=cuda')).toBeNull();
    expect(backendOverride('')).toBeNull();
    expect(backendOverride(undefined)).toBeNull();
  });

  test('tells software adapters from hardware ones', () => {
    const fake = (info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }) => ({ info }) as unknown as GPUAdapter;
    expect(describeAdapter(fake({ vendor: 'google', architecture: 'swiftshader' })).software).toBe(true);
    expect(describeAdapter(fake({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).software).toBe(true);
    expect(describeAdapter(fake({ vendor: 'intel', isFallbackAdapter: true })).software).toBe(true);
    expect(describeAdapter(fake({ vendor: 'apple', architecture: 'metal-3' })).software).toBe(false);
    expect(describeAdapter(fake({ vendor: 'nvidia', architecture: 'hopper' })).software).toBe(false);
  });

  test('?backend=cpu never touches the GPU', async () => {
    const c = await selectBackend({ search: '?backend=cpu', cpu, gpu: { requestAdapter: () => { throw new Error('touched'); } } as unknown as GPU });
    expect(c).toEqual({ backend: 'cpu', reason: 'CPU: chosen with ?backend=cpu in the address.' });
  });

  test('no navigator.gpu: the CPU, and the reason says so, forced or not', async () => {
    const auto = await selectBackend({ search: '', cpu });
    expect(auto.backend).toBe('cpu');
    expect(auto.reason).toMatch(/navigator\.gpu is missing/);
    const forced = await selectBackend({ search: '?backend=webgpu', cpu });
    expect(forced.backend).toBe('cpu');
    expect(forced.reason).toMatch(/\?backend=webgpu was asked for, but WebGPU cannot run here.*CPU runs instead/);
  });

  test('no adapter: the CPU', async () => {
    const c = await selectBackend({ search: '', cpu, gpu: { requestAdapter: async () => null } as unknown as GPU });
    expect(c.backend).toBe('cpu');
    expect(c.reason).toMatch(/no GPU adapter/);
  });

  test('SwiftShader: the CPU automatically, WebGPU when forced', async () => {
    const gpu = await nodeGpu();
    const auto = await selectBackend({ search: '', cpu, gpu });
    expect(auto.backend).toBe('cpu');
    expect(auto.reason).toMatch(/software \(google swiftshader\)/);
    const forced = await selectBackend({ search: '?backend=webgpu', cpu, gpu });
    expect(forced.backend).toBe('webgpu');
    expect(forced.reason).toMatch(/WebGPU on google swiftshader, a software adapter: chosen with \?backend=webgpu/);
    expect(forced.webgpu?.name).toBe('webgpu');
    forced.webgpu?.destroy();
  });

  test('the probe picks WebGPU only when its matmul is faster, and says by how much', () => {
    expect(chooseByProbe('acme test-gpu', 2, 10)).toEqual({ backend: 'webgpu', reason: 'WebGPU on acme test-gpu: 5.0× faster than the CPU in a one-second matmul probe.' });
    expect(chooseByProbe('acme test-gpu', 10, 2)).toEqual({
      backend: 'cpu',
      reason: 'CPU: the GPU (acme test-gpu) was slower than the CPU in a one-second matmul probe (10.0 ms vs 2.0 ms per 256² matmul).',
    });
    expect(chooseByProbe('acme test-gpu', 4, 4).backend).toBe('cpu'); // a tie is not worth a GPU
  });

  // A CPU that does no work beats any GPU, so the real probe's outcome is certain.
  class InstantCpu extends CpuBackend {
    override matmul(_a: Storage, _b: Storage, args: MatmulArgs) {
      return this.full(args.batch * args.m * args.n, 0);
    }
  }

  test('a hardware adapter slower than the CPU in the probe is refused, with both timings', async () => {
    const c = await selectBackend({ search: '', cpu: new InstantCpu(), gpu: await gpuPretendingToBeHardware(), probeMs: 600 });
    expect(c.backend).toBe('cpu');
    expect(c.webgpu).toBeUndefined();
    expect(c.reason).toMatch(/^CPU: the GPU \(acme test-gpu\) was slower than the CPU in a one-second matmul probe \([\d.]+ ms vs [\d.]+ ms per 256² matmul\)\.$/);
  });
});
