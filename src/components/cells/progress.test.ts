import { beforeEach, describe, expect, it } from 'vitest';
import {
  chapterProgress,
  exportProgress,
  importProgress,
  loadEdit,
  progressText,
  recordExercises,
  recordSolutionUsed,
  recordSolved,
  resetProgress,
  saveEdit,
  solvedIn,
} from './progress';

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

describe('solutions, export, import and reset', () => {
  const exercises = { '01-neuron': ['a', 'b'], '02-learning': ['c'] };

  it('a pass after loading the solution does not count as solved', () => {
    recordExercises('01-neuron', ['a', 'b']);
    recordSolutionUsed('01-neuron', 'a');
    recordSolved('01-neuron', 'a');
    recordSolved('01-neuron', 'b');
    expect(solvedIn('01-neuron')).toEqual(['b']);
    expect(chapterProgress('01-neuron')).toEqual({ solved: 1, total: 2 });
  });

  it('keys carry the course prefix, so another course on the origin sees nothing', () => {
    recordSolved('01-neuron', 'a');
    expect(localStorage.getItem('ntg.root.solved:01-neuron')).toBe('["a"]');
    expect(localStorage.getItem('ntg.other.solved:01-neuron')).toBeNull();
  });

  it('exports solved exercises and imports them back after a reset, ignoring unknown ones', () => {
    recordSolved('01-neuron', 'a');
    recordSolved('02-learning', 'c');
    const file = exportProgress(['01-neuron', '02-learning', '03-backprop']);
    expect(file).toEqual({ format: 'neuron-to-gpt-progress', version: 1, course: 'ntg.root.', solved: { '01-neuron': ['a'], '02-learning': ['c'] } });
    resetProgress(['01-neuron', '02-learning']);
    expect(solvedIn('01-neuron')).toEqual([]);
    const json = JSON.parse(JSON.stringify({ ...file, solved: { ...file.solved, '01-neuron': ['a', 'zz'], '99-x': ['q'] } }));
    expect(importProgress(json, exercises)).toEqual({ added: 2, ignored: 2 });
    expect(solvedIn('01-neuron')).toEqual(['a']);
    expect(solvedIn('02-learning')).toEqual(['c']);
    expect(importProgress(json, exercises)).toEqual({ added: 0, ignored: 2 });
  });

  it('a file that is not a progress file gets a message saying so', () => {
    expect(() => importProgress({ hello: 1 }, exercises)).toThrow(/not a progress file/);
    expect(() => importProgress(null, exercises)).toThrow(/not a progress file/);
    expect(() => importProgress({ format: 'neuron-to-gpt-progress', version: 2, solved: {} }, exercises)).toThrow(/version 2/);
    expect(() => importProgress({ format: 'neuron-to-gpt-progress', version: 1, solved: { '01-neuron': 'a' } }, exercises)).toThrow(/"01-neuron" is not a list/);
  });
});
