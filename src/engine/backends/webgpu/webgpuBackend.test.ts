// The WebGPU backend's own machinery: batching, the buffer pool, reads, and device loss.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeWebGpuBackend, SWIFTSHADER_ICD } from './nodeGpu';
import type { DeviceLostInfo, WebGpuBackend } from './webgpuBackend';

let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await nodeWebGpuBackend();
});
afterAll(() => gpu?.destroy());

describe('WebGPU backend in Node', () => {
  test('finds the SwiftShader adapter the tests run on and says it is software', () => {
    expect(process.env.VK_ICD_FILENAMES).toBe(SWIFTSHADER_ICD); // nodeGpu() points Vulkan at it
    expect(gpu.adapterInfo.architecture).toMatch(/swiftshader/i);
    expect(gpu.adapterInfo.software).toBe(true);
  });

  test('a chain longer than one submit batch gives the right value', async () => {
    let x = gpu.fromArray(Float32Array.of(0, 1, 2));
    const one = gpu.full(3, 1);
    for (let i = 0; i < 300; i++) {
      const y = gpu.binary('add', x, [3], one, [3], [3]);
      gpu.dispose(x);
      x = y;
    }
    expect(Array.from(await gpu.read(x))).toEqual([300, 301, 302]);
    gpu.dispose(x);
    gpu.dispose(one);
  });

  test('reads issued together resolve together, each with its own data', async () => {
    const stores = Array.from({ length: 20 }, (_, i) => gpu.full(5 + i, i));
    const values = await Promise.all(stores.map((s) => gpu.read(s)));
    values.forEach((v, i) => {
      expect(v.length).toBe(5 + i);
      expect(v.every((x) => x === i)).toBe(true);
    });
    stores.forEach((s) => gpu.dispose(s));
  });

  test('buffers go back to the pool: live count and created buffers stay flat over 500 steps', async () => {
    const before = gpu.liveBuffers();
    const w = gpu.fromArray(new Float32Array(64).fill(0.5));
    let createdAfterWarmup = 0;
    for (let step = 0; step < 500; step++) {
      const x = gpu.fromArray(new Float32Array(64).fill(step));
      const h = gpu.binary('mul', x, [8, 8], w, [8, 8], [8, 8]);
      const s = gpu.reduce('sum', h, [8, 8], 1);
      if (step % 50 === 49) {
        const v = await gpu.read(s);
        expect(v[0]).toBeCloseTo(step * 0.5 * 8, 3);
      }
      for (const t of [x, h, s]) gpu.dispose(t);
      if (step === 99) createdAfterWarmup = gpu.poolStats().created;
    }
    await gpu.sync();
    gpu.dispose(w);
    expect(gpu.liveBuffers()).toBe(before);
    expect(gpu.poolStats().created).toBe(createdAfterWarmup);
  });

  test('a tensor past one dispatch dimension (65,535 × 256 elements) is covered', async () => {
    const n = 1000 * 16_780; // > 65,535 workgroups of 256
    const s = gpu.full(n, 0.5);
    const total = gpu.reduce('sum', s, [1000, n / 1000], 1);
    const rows = await gpu.read(total);
    expect(rows.length).toBe(1000);
    expect(rows[999]).toBeCloseTo((n / 1000) * 0.5, 1);
    gpu.dispose(s);
    gpu.dispose(total);
  }, 120_000);

  test('a storage from elsewhere or already disposed is refused with a clear message', () => {
    const s = gpu.full(2, 1);
    gpu.dispose(s);
    expect(() => gpu.unary('neg', s)).toThrow(/already disposed/);
    expect(() => gpu.unary('neg', { length: 2 })).toThrow(/another backend/);
  });
});

describe('device loss', () => {
  test('notifies the listener, then ops throw and reads reject with a message that says what to do', async () => {
    const doomed = await nodeWebGpuBackend();
    const x = doomed.full(4, 2);
    expect(Array.from(await doomed.read(x))).toEqual([2, 2, 2, 2]);
    const lost = new Promise<DeviceLostInfo>((resolve) => doomed.onDeviceLost(resolve));
    doomed.device.destroy();
    const info = await lost;
    expect(info.reason).toBe('destroyed');
    expect(doomed.isLost).toBe(true);
    expect(() => doomed.unary('exp', x)).toThrow(/WebGPU device was lost.*CPU/);
    await expect(doomed.read(x)).rejects.toThrow(/device was lost/);
    doomed.dispose(x);
    expect(doomed.liveBuffers()).toBe(0);
  });
});
