import { beforeEach, describe, expect, it } from 'vitest';
import { chapterProgress, progressText, recordExercises, recordSolved, loadEdit, saveEdit } from './progress';

beforeEach(() => {
  const store = new Map<string, string>();
  Object.assign(globalThis, {
    localStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
      removeItem: (k: string) => store.delete(k),
    },
  });
});

describe('exercise progress', () => {
  it('counts solved exercises of a chapter, and solved stays solved', () => {
    expect(chapterProgress('01-neuron')).toBeNull();
    recordExercises('01-neuron', ['two-neurons', 'one-neuron', 'neuron-fn']);
    recordSolved('01-neuron', 'neuron-fn');
    recordSolved('01-neuron', 'neuron-fn');
    recordSolved('02-learning', 'other');
    expect(chapterProgress('01-neuron')).toEqual({ solved: 1, total: 3 });
    expect(progressText({ solved: 1, total: 3 })).toBe('1/3 exercises');
    expect(progressText({ solved: 0, total: 1 })).toBe('0/1 exercise');
  });
  it('keeps a cell edit per page until it is cleared', () => {
    saveEdit('/chapters/01-neuron/', 'sum', 'console.log(1)');
    expect(loadEdit('/chapters/01-neuron/', 'sum')).toBe('console.log(1)');
    expect(loadEdit('/chapters/02-learning/', 'sum')).toBeNull();
    saveEdit('/chapters/01-neuron/', 'sum', null);
    expect(loadEdit('/chapters/01-neuron/', 'sum')).toBeNull();
  });
});
