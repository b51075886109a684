import { describe, expect, it } from 'vitest';
import { Generator, nn } from '../../../engine/index';
import type { NextTokenResult, TokenProbability } from '../../../models/protocol';
import { barItems, checkPrompt, generateSeed, keptProbabilities, parseSettings, pickToken, showToken } from './samplingLab';

const raw = { temperature: '1', topK: '', topP: '1' };

/** A NextTokenResult as the model service builds it, from logits and settings. */
function result(logits: number[], sampling: nn.SamplingOptions): NextTokenResult {
  const r = nn.samplingDistribution(logits, {});
  const p = nn.samplingDistribution(logits, sampling);
  const top: TokenProbability[] = logits.map((_, id) => ({ id, text: `t${id}`, raw: r[id], p: p[id] })).sort((a, b) => b.p - a.p || b.raw - a.raw);
  return { tokens: [{ id: 0, text: 't0' }], top, restRaw: 0 };
}

describe('parseSettings', () => {
  it('reads good settings; empty top-k and top-p 1 are off', () => {
    const s = parseSettings(raw);
    expect(s).toEqual({ ok: true, value: { sampling: { temperature: 1 }, notes: [] } });
    const t = parseSettings({ temperature: '0.7', topK: '3', topP: '0.9' });
    expect(t.ok && t.value.sampling).toEqual({ temperature: 0.7, topK: 3, topP: 0.9 });
  });
  it('explains temperature 0 and temperatures above the API cap, refuses past 100', () => {
    const zero = parseSettings({ ...raw, temperature: '0' });
    expect(zero.ok && zero.value.notes[0]).toMatch(/greedy/);
    const hundred = parseSettings({ ...raw, temperature: '100' });
    expect(hundred.ok && hundred.value.notes[0]).toMatch(/above 2/);
    for (const t of ['101', '-1', 'abc', '']) {
      const bad = parseSettings({ ...raw, temperature: t });
      expect(bad.ok).toBe(false);
      expect(!bad.ok && bad.field).toBe('temperature');
    }
  });
  it('refuses top-k 0 and 2.5, top-p 0 and 1.5, naming the field', () => {
    const cases: [Partial<typeof raw>, string, RegExp][] = [
      [{ topK: '0' }, 'topK', /no token/],
      [{ topK: '2.5' }, 'topK', /whole number/],
      [{ topP: '0' }, 'topP', /above 0/],
      [{ topP: '1.5' }, 'topP', /at most 1/],
    ];
    for (const [change, field, message] of cases) {
      const r = parseSettings({ ...raw, ...change });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.field).toBe(field);
        expect(r.message).toMatch(message);
      }
    }
  });
});

describe('checkPrompt', () => {
  it('answers empty, huge and emoji prompts', () => {
    expect(checkPrompt('   ')).toMatchObject({ ok: false, message: /Type a prompt/ });
    expect(checkPrompt('x'.repeat(100_000))).toMatchObject({ ok: false, message: /100,000 characters/ });
    const emoji = checkPrompt('🐳🐳');
    expect(emoji.ok && emoji.value.notes[0]).toMatch(/emoji/);
    expect(checkPrompt('Call me Ishmael.')).toEqual({ ok: true, value: { prompt: 'Call me Ishmael.', notes: [] } });
  });
});

describe('bars and hooks', () => {
  const logits = Array.from({ length: 30 }, (_, i) => -i / 4); // token 0 most likely, then 1, ...
  it('shows the 20 most likely tokens and sums the rest, before and after the filter', () => {
    const items = barItems(result(logits, { topK: 3 }), 30);
    expect(items).toHaveLength(21);
    expect(items.slice(0, 3).every((d) => !d.removed)).toBe(true);
    expect(items.slice(3, 20).every((d) => d.removed && d.value === 0)).toBe(true);
    expect(items[20]).toMatchObject({ label: 'the other 10', value: 0, removed: true, aggregate: true });
    expect(items.reduce((s, d) => s + d.value, 0)).toBeCloseTo(1, 12);
    expect(items.reduce((s, d) => s + (d.before ?? 0), 0)).toBeCloseTo(1, 12);
    expect(items[0].value / items[1].value).toBeCloseTo(Math.exp(0.25), 10); // survivors keep their ratios
  });
  it('data-probs keeps exactly the survivors, highest first, summing to 1', () => {
    const k3 = keptProbabilities(result(logits, { topK: 3 }).top);
    expect(k3.map(([t]) => t)).toEqual(['t0', 't1', 't2']);
    expect(k3.reduce((s, [, p]) => s + p, 0)).toBeCloseTo(1, 12);
    expect(keptProbabilities(result(logits, {}).top)).toHaveLength(30);
    expect(keptProbabilities(result(logits, { temperature: 0 }).top)).toEqual([['t0', 1]]);
  });
  it('pickToken walks ids in order, as the service\'s generate does', () => {
    const r = result([0, Math.log(3), 0], {}); // p = [0.2, 0.6, 0.2]
    expect(pickToken(r.top, 0.1).id).toBe(0);
    expect(pickToken(r.top, 0.5).id).toBe(1);
    expect(pickToken(r.top, 0.9).id).toBe(2);
    const g = new Generator(7);
    const us = [g.random(), g.random(), g.random()];
    const h = new Generator(7);
    const probs = nn.samplingDistribution([0, Math.log(3), 0], {});
    for (const u of us) expect(pickToken(r.top, u).id).toBe(nn.sampleIndex(probs, h.random()));
  });
  it('makes spaces visible and derives continuation seeds deterministically', () => {
    expect(showToken(' the\n')).toBe('␣the↵');
    expect(generateSeed(42, 0)).toBe(42);
    expect(generateSeed(42, 5)).toBe(generateSeed(42, 5));
    expect(generateSeed(42, 5)).not.toBe(generateSeed(42, 6));
  });
});
