import { describe, expect, it } from 'vitest';
import { backendName, currentBackend, registerBackend, setBackend, useBackend } from './registry';
import { cpuBackend } from './cpu';

describe('backend registry', () => {
  it('starts on the CPU backend', async () => {
    expect(backendName()).toBe('cpu');
    expect(await useBackend('cpu')).toBe(cpuBackend);
  });

  it('useBackend("webgpu") rejects with a clear message when nothing registered it (Node)', async () => {
    await expect(useBackend('webgpu')).rejects.toThrow(
      'useBackend("webgpu"): this environment has no WebGPU (navigator.gpu is missing); the CPU backend still works',
    );
    expect(backendName()).toBe('cpu');
    await expect(useBackend('tpu' as never)).rejects.toThrow('useBackend: unknown backend "tpu" (use "cpu" or "webgpu")');
  });

  it('a failing factory leaves the current backend in place', async () => {
    registerBackend('webgpu', async () => { throw new Error('no adapter'); });
    await expect(useBackend('webgpu')).rejects.toThrow('no adapter');
    expect(currentBackend()).toBe(cpuBackend);
    setBackend(cpuBackend);
    expect(backendName()).toBe('cpu');
  });
});
