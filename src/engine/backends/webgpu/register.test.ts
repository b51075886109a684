import { afterAll, expect, test } from 'vitest';
import './register';
import { backendName, setBackend, useBackend } from '../registry';
import { cpuBackend } from '../cpu';
import { nodeGpu } from './nodeGpu';
import type { WebGpuBackend } from './webgpuBackend';

afterAll(() => setBackend(cpuBackend));

test('useBackend("webgpu") without navigator.gpu rejects, says why, and leaves the CPU in charge', async () => {
  await expect(useBackend('webgpu')).rejects.toThrow(/useBackend\("webgpu"\): WebGPU is not available here: navigator\.gpu is missing.*The CPU backend still works\./);
  expect(backendName()).toBe('cpu');
});

test('with navigator.gpu, useBackend("webgpu") shares one device until it is lost, then opens a new one', async () => {
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: await nodeGpu() }, configurable: true });
  try {
    const first = (await useBackend('webgpu')) as WebGpuBackend;
    expect(backendName()).toBe('webgpu');
    expect(await useBackend('webgpu')).toBe(first);
    const lost = new Promise((resolve) => first.onDeviceLost(resolve));
    first.device.destroy();
    await lost;
    const second = (await useBackend('webgpu')) as WebGpuBackend;
    expect(second).not.toBe(first);
    expect(Array.from(await second.read(second.full(3, 2)))).toEqual([2, 2, 2]);
    second.destroy();
  } finally {
    Reflect.deleteProperty(globalThis, 'navigator');
  }
});
