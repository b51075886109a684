import { describe, expect, test } from 'vitest';
import { MAX_HITS, shortcutApplies, statusText, toHit, type PagefindFragment } from './search';

/** A stand-in for a DOM element: `closest` answers whether it sits inside one of the selectors' kinds. */
const inside = (kind: 'input' | 'textarea' | 'select' | 'editor' | 'text') => ({
  closest: (sel: string) => {
    const parts = sel.split(',').map((s) => s.trim());
    const hit = kind === 'editor' ? parts.some((p) => p.startsWith('[contenteditable]')) : parts.includes(kind);
    return hit ? ({} as Element) : null;
  },
});
const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'defaultPrevented', boolean>> = {}) => ({
  key: k, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, ...mods,
});

describe('the "/" shortcut', () => {
  test('applies on the page, not in fields, editors, other keys or with modifiers', () => {
    expect(shortcutApplies(key('/'), inside('text'))).toBe(true);
    expect(shortcutApplies(key('/'), null)).toBe(true);
    for (const k of ['input', 'textarea', 'select', 'editor'] as const) expect(shortcutApplies(key('/'), inside(k))).toBe(false);
    expect(shortcutApplies(key('s'), inside('text'))).toBe(false);
    expect(shortcutApplies(key('/', { ctrlKey: true }), inside('text'))).toBe(false);
    expect(shortcutApplies(key('/', { metaKey: true }), inside('text'))).toBe(false);
    expect(shortcutApplies(key('/', { defaultPrevented: true }), inside('text'))).toBe(false);
  });
});

describe('a result', () => {
  const page: PagefindFragment = {
    url: '/course/chapters/07-attention/',
    excerpt: 'the <mark>softmax</mark> of the scores',
    meta: { title: 'Attention' },
    sub_results: [
      { title: 'Attention', url: '/course/chapters/07-attention/', excerpt: 'intro', locations: [3] },
      { title: 'Scores to weights', url: '/course/chapters/07-attention/#scores-to-weights', excerpt: 'a <mark>softmax</mark> turns', locations: [40, 41, 52] },
      { title: 'Masking', url: '/course/chapters/07-attention/#masking', excerpt: 'before the <mark>softmax</mark>', locations: [90] },
    ],
  };
  test('links to the section with the most matches, titled "chapter › section"', () => {
    expect(toHit(page)).toEqual({
      url: '/course/chapters/07-attention/#scores-to-weights',
      title: 'Attention',
      section: 'Scores to weights',
      excerpt: 'a <mark>softmax</mark> turns',
    });
  });
  test('links to the chapter itself when its best part is the top of the page, or it has no sections', () => {
    const top = { ...page, sub_results: [{ ...page.sub_results![0], locations: [1, 2, 3, 4] }, page.sub_results![2]] };
    expect(toHit(top)).toEqual({ url: page.url, title: 'Attention', section: null, excerpt: page.excerpt });
    expect(toHit({ ...page, sub_results: undefined }).url).toBe(page.url);
    expect(toHit({ ...page, meta: {} }).title).toBe(page.url);
  });
});

test('the status line counts chapters and says when nothing matches or search cannot load', () => {
  expect(statusText('', 'loading')).toBe('Loading search…');
  expect(statusText('', 0)).toBe('Type a word to search every chapter.');
  expect(statusText(' softmax ', 1)).toBe('1 chapter mentions “softmax”.');
  expect(statusText('softmax', 7)).toBe('7 chapters mention “softmax”.');
  expect(statusText('the', 11)).toBe(`11 chapters mention “the” (the first ${MAX_HITS} shown).`);
  expect(statusText('zzqxj', 0)).toBe('No chapter mentions “zzqxj”.');
  expect(statusText('x', { error: 'offline' })).toBe('Search is unavailable: offline');
});
