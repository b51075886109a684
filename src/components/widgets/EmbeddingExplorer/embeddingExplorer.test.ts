import { describe, expect, test } from 'vitest';
import { arithmetic, findToken, nearest, neighbours, neighboursJSON, row, type EmbeddingTable } from './embeddingExplorer';

// A tiny hand-made table where one direction means "royal" and another "female":
//   dims: [royal, female, noise]
const words: [string, number[]][] = [
  [' king', [1, 0, 0.1]],
  [' queen', [1, 1, 0.1]],
  [' man', [0, 0, 0.2]],
  [' woman', [0, 1, 0.2]],
  ['the', [-1, 0.1, 1]],
  ['a', [-0.9, 0, 1.1]],
];
const table: EmbeddingTable = {
  wte: Float32Array.from(words.flatMap(([, v]) => v)),
  vocab: words.map(([text], id) => ({ id, text })),
  nEmbd: 3,
};
const id = (t: string) => words.findIndex(([w]) => w === t);

describe('findToken', () => {
  test('a bare word finds the spaced word token first; quotes ask for exact text', () => {
    expect(findToken(table, 'the')).toEqual({ ok: true, id: id('the'), text: 'the' });
    const spaced = findToken(table, 'queen');
    expect(spaced.ok && spaced.id).toBe(id(' queen'));
    expect(spaced.ok && spaced.note).toMatch(/Showing " queen", the word with the space before it\.$/);
    expect(findToken(table, '" king"')).toEqual({ ok: true, id: id(' king'), text: ' king' });
    const quotedMissing = findToken(table, '"king"');
    expect(!quotedMissing.ok && quotedMissing.message).toMatch(/"king" is not a token/);
  });

  test('when both exist, the note names the bare piece', () => {
    const both: EmbeddingTable = { wte: new Float32Array(4), vocab: [{ id: 0, text: 'he' }, { id: 1, text: ' he' }], nEmbd: 2 };
    const r = findToken(both, 'he');
    expect(r.ok && r.id).toBe(1);
    expect(r.ok && r.note).toMatch(/"he" without the space is another token; type it in quotes/);
    expect(findToken(both, '"he"')).toEqual({ ok: true, id: 0, text: 'he' });
  });

  test('empty, blank, too long and unknown input get a message', () => {
    for (const q of ['', '   ']) {
      const r = findToken(table, q);
      expect(!r.ok && r.message).toMatch(/Type a token/);
    }
    const long = findToken(table, 'x'.repeat(100_000));
    expect(!long.ok && long.message).toMatch(/100,000 characters/);
    const unknown = findToken(table, '🐋');
    expect(!unknown.ok && unknown.message).toMatch(/"🐋" is not a token of this model's 6-token vocabulary/);
  });
});

describe('nearest neighbours by cosine', () => {
  test('ranks by direction, not length, and leaves the token itself out', () => {
    const n = neighbours(table, id('the'), 3);
    expect(n[0].text).toBe('a');
    const a = row(table, id('the'));
    const b = row(table, id('a'));
    const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    const want = dot / Math.hypot(...a) / Math.hypot(...b);
    expect(n[0].cosine).toBeCloseTo(want, 6);
    expect(n.map((x) => x.id)).not.toContain(id('the'));
    for (let i = 1; i < n.length; i++) expect(n[i].cosine).toBeLessThanOrEqual(n[i - 1].cosine);
    // Scaling the query does not change the ranking or the cosines.
    const scaled = nearest(table, Array.from(a, (x) => 7 * x), 3, [id('the')]);
    expect(scaled.map((x) => x.cosine)).toEqual(n.slice(0, 3).map((x) => expect.closeTo(x.cosine, 6)));
  });

  test('JSON for the hook: [token, cosine] pairs', () => {
    expect(JSON.parse(neighboursJSON([{ id: 0, text: ' king', cosine: 0.123456 }]))).toEqual([[' king', 0.1235]]);
  });
});

describe('arithmetic', () => {
  test('king − man + woman lands on queen in a table built to have those directions', () => {
    const r = arithmetic(table, id(' king'), id(' man'), id(' woman'), 3);
    expect(Array.from(r.vector)).toEqual([1, 1, 0.1].map((x) => expect.closeTo(x, 6)));
    expect(r.results[0].text).toBe(' queen');
    expect(r.results[0].cosine).toBeCloseTo(1, 6);
    expect(r.results.map((x) => x.id)).not.toContain(id(' king'));
    expect(r.c.id).toBe(id(' woman'));
    expect(r.c.rank).toBeGreaterThan(1);
  });
});
