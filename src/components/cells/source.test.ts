import { describe, expect, it } from 'vitest';
import { chapterOf, claimCellId, tidySource } from './source';

describe('cell source helpers', () => {
  it('removes the MDX indentation and the blank first and last lines', () => {
    expect(tidySource('\n    const a = 1;\n    if (a) {\n      log(a);\n    }\n  ')).toBe('const a = 1;\nif (a) {\n  log(a);\n}');
  });
  it('finds the chapter id with or without a base path', () => {
    expect(chapterOf('/chapters/01-neuron/')).toBe('01-neuron');
    expect(chapterOf('/course/chapters/03-backprop/')).toBe('03-backprop');
  });
});

describe('cell ids', () => {
  it('refuses an id used twice on one page, not across pages', () => {
    const registry = {};
    claimCellId(registry, '/chapters/01-neuron/', 'sum');
    claimCellId(registry, '/chapters/02-learning/', 'sum');
    expect(() => claimCellId(registry, '/chapters/01-neuron/', 'sum')).toThrow('Cell id "sum" is used twice on /chapters/01-neuron/');
  });
});
