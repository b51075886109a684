import { describe, expect, test } from 'vitest';
import { MAX_INPUT_CHARS } from '../../../models/service';
import {
  clampIndex, focusSummary, habits, headLabel, headWeights, inputProblem, lines, mapPixels, MAX_CHARS, readState, showToken, stateParams, strongest,
  thumbSize, toRows, truncationMessage, URL_TEXT_LIMIT, type VisualizerState,
} from './attentionVisualizer';

// Two heads over three tokens: head 0 looks at the previous token, head 1 at the first.
const T = 3;
const prev = [1, 0, 0, 1, 0, 0, 0, 1, 0];
const first = [1, 0, 0, 1, 0, 0, 1, 0, 0];
const attention = [new Float32Array([...prev, ...first]), new Float32Array([...first, ...prev])];

describe('AttentionVisualizer logic', () => {
  test('one head is cut out of the service’s (nHead, T, T) layer', () => {
    expect(Array.from(headWeights(attention, 0, 1, T))).toEqual(first);
    expect(Array.from(headWeights(attention, 1, 1, T))).toEqual(prev);
    expect(() => headWeights(attention, 2, 0, T)).toThrow(/layer 3, head 1/);
    expect(toRows(new Float32Array([0.1234567, 0.8765433, 1, 0]), 2)).toEqual([[0.123457, 0.876543], [1, 0]]);
  });

  test('habits measure previous-token, first-token and self attention', () => {
    expect(habits(prev, T)).toEqual({ previous: 1, first: 0.5, self: 0 });
    expect(habits(first, T)).toEqual({ previous: 0.5, first: 1, self: 0 });
    const heads = [{ layer: 1, head: 2, previous: 0.9, first: 0, self: 0, label: 'previous token' }];
    expect(headLabel(heads, 1, 2)).toBe('previous token');
    expect(headLabel(heads, 0, 0)).toBeNull();
    expect(headLabel(null, 1, 2)).toBeNull();
  });

  test('tokens read clearly: spaces, line breaks and tabs are visible', () => {
    expect(showToken(' the')).toBe('␣the');
    expect(showToken('\n')).toBe('↵');
    expect(showToken('<0xF0>')).toBe('<0xF0>');
    expect(showToken('')).toBe('∅');
  });

  test('focus: where a token looks and what looks at it', () => {
    const w = [1, 0, 0, 0.3, 0.7, 0, 0.2, 0.5, 0.3];
    const s = focusSummary(w, 3, 1, ['a', 'b', 'c']);
    expect(s.looksAt).toBe('b (1) 70%, a (0) 30%');
    expect(s.lookedAtBy).toBe('c (2) 50%');
    expect(focusSummary(w, 3, 2, ['a', 'b', 'c']).lookedAtBy).toBe('no later token');
    expect(strongest([0, 0.2, 0.5, 0.1], 2)).toEqual([[2, 0.5], [1, 0.2]]);
  });

  test('lines never go above the diagonal; a focus keeps only its row and column', () => {
    const w = [1, 0, 0, 0.3, 0.7, 0, 0.2, 0.5, 0.3];
    const all = lines(w, 3, null);
    expect(all.every((l) => l.key <= l.query)).toBe(true);
    expect(all).toHaveLength(6);
    const f = lines(w, 3, 0);
    expect(f.map((l) => [l.query, l.key])).toEqual([[0, 0], [1, 0], [2, 0]]);
    expect(lines(w, 3, null, 0.4).map((l) => l.weight)).toEqual([1, 0.7, 0.5]);
  });

  test('the grid’s thumbnails fit the width, stay 40–120 px, whole pixels per token', () => {
    expect(thumbSize(4, 10, 640)).toBe(120);
    expect(thumbSize(4, 7, 400)).toBe(77); // (400 − 3 gaps − 48) / 4 = 82 px fit → 11 px per token × 7
    expect(thumbSize(12, 5, 300)).toBe(40);
    expect(thumbSize(4, 128, 640)).toBe(120);
  });

  test('URL state round-trips, and bad values fall back', () => {
    const s: VisualizerState = { text: 'call me ishmael', model: 'yours', layer: 2, head: 3, view: 'lines' };
    const params = stateParams('viz', s);
    expect(params).toEqual({ 'viz.text': 'call me ishmael', 'viz.model': 'yours', 'viz.layer': 3, 'viz.head': 4, 'viz.view': 'lines' });
    const get = (k: string) => (params[k] === null || params[k] === undefined ? null : String(params[k]));
    const defaults: VisualizerState = { text: 'x', model: 'reference', layer: 0, head: 0, view: 'map' };
    expect(readState('viz', get, defaults)).toEqual(s);
    const bad = { 'viz.layer': 'abc', 'viz.head': '0', 'viz.model': 'theirs', 'viz.view': 'pie', 'viz.text': 'y'.repeat(URL_TEXT_LIMIT + 1) } as Record<string, string>;
    expect(readState('viz', (k) => bad[k] ?? null, defaults)).toEqual(defaults);
    expect(stateParams('viz', { ...s, text: 'z'.repeat(URL_TEXT_LIMIT + 1), model: 'reference', view: 'map' })).toMatchObject({ 'viz.text': null, 'viz.model': null, 'viz.view': null });
    expect(clampIndex(7, 4)).toBe(3);
    expect(clampIndex(-1, 4)).toBe(0);
    expect(clampIndex(NaN, 4)).toBe(0);
    expect(clampIndex(2, 4)).toBe(2);
  });

  test('input problems and truncation get messages; the limit matches the service', () => {
    expect(MAX_CHARS).toBe(MAX_INPUT_CHARS);
    expect(inputProblem('', MAX_CHARS, 128)).toMatch(/Type a sentence/);
    expect(inputProblem(' ', MAX_CHARS, 128)).toBeNull();
    expect(inputProblem('a'.repeat(MAX_CHARS + 1), MAX_CHARS, 128)).toMatch(/100,001 characters.*last 128 tokens/);
    expect(truncationMessage(undefined, 128)).toBeNull();
    expect(truncationMessage(1000, 128)).toMatch(/1,000 tokens long.*last 128/);
  });

  test('thumbnail pixels follow the colour scale: 0 dark, 1 light, opaque', () => {
    expect(mapPixels([0], 1)).toHaveLength(4);
    const two = mapPixels([0, 1, 0.5, 0.5], 2);
    expect(two[3]).toBe(255);
    expect(two[4] + two[5] + two[6]).toBeGreaterThan(two[0] + two[1] + two[2]);
  });
});
