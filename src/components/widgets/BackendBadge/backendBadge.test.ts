import { describe, expect, it } from 'vitest';
import { storageKey } from '../../../lib/storage';
import { backendLabel, cacheKey, failedChoice, readCachedChoice, writeCachedChoice } from './backendBadge';

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('backend badge', () => {
  it('keeps one cached choice per override, under the course\'s storage prefix', () => {
    expect(cacheKey('')).toMatch(/^ntg\..*backend-choice:auto$/);
    expect(cacheKey('')).toBe(storageKey('backend-choice:auto'));
    expect(cacheKey('?backend=webgpu&x=1')).toBe(storageKey('backend-choice:webgpu'));
    expect(cacheKey('?backend=cpu')).toBe(storageKey('backend-choice:cpu'));
    expect(cacheKey('?backend=tpu')).toBe(storageKey('backend-choice:auto'));
  });

  it('round-trips a choice and ignores other overrides and junk', () => {
    const s = memoryStore();
    writeCachedChoice(s, '?backend=webgpu', { backend: 'webgpu', reason: 'WebGPU on google swiftshader: chosen with ?backend=webgpu.' });
    expect(readCachedChoice(s, '?backend=webgpu')).toEqual({ backend: 'webgpu', reason: 'WebGPU on google swiftshader: chosen with ?backend=webgpu.' });
    expect(readCachedChoice(s, '')).toBeNull();
    s.m.set(storageKey('backend-choice:auto'), '{"backend":"tpu","reason":"x"}');
    expect(readCachedChoice(s, '')).toBeNull();
    s.m.set(storageKey('backend-choice:auto'), 'not json');
    expect(readCachedChoice(s, '')).toBeNull();
    expect(readCachedChoice(undefined, '')).toBeNull();
  });

  it('survives storage that throws', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } };
    expect(() => writeCachedChoice(broken, '', { backend: 'cpu', reason: 'r' })).not.toThrow();
    expect(readCachedChoice(broken, '')).toBeNull();
  });

  it('names the backend and explains a failed check', () => {
    expect(backendLabel('webgpu')).toBe('WebGPU');
    expect(backendLabel('cpu')).toBe('CPU');
    const f = failedChoice(new Error('Worker blocked'));
    expect(f.backend).toBe('cpu');
    expect(f.reason).toContain('Worker blocked');
  });
});
