import { afterEach, describe, expect, test, vi } from 'vitest';
import { readSettings, writeSettings, type Settings } from './settings';

const current: Settings = { dataset: 'xor', noise: 0, seed: 1, hidden: [4, 4], activation: 'tanh', lrIndex: 3 };

/** A page at `search`, whose replaceState moves `location` the way a browser does. */
function page(search: string) {
  const state = { location: new URL(`https://example.org/ch/${search}`) };
  vi.stubGlobal('location', state.location);
  vi.stubGlobal('history', {
    state: null,
    replaceState: (_: unknown, __: string, url: URL) => {
      state.location = new URL(url);
      vi.stubGlobal('location', state.location);
    },
  });
  return () => state.location;
}

afterEach(() => vi.unstubAllGlobals());

describe('MlpPlayground settings in the URL', () => {
  test('a shared link sets every setting', () => {
    page('?mlp.dataset=spiral&mlp.noise=0.25&mlp.seed=7.6&mlp.hidden=3-5-2&mlp.act=relu&mlp.lr=0.1');
    expect(readSettings(current)).toEqual({ dataset: 'spiral', noise: 0.25, seed: 8, hidden: [3, 5, 2], activation: 'relu', lrIndex: 4 });
  });

  test('missing or invalid keys fall back: defaults, or the current network and rate', () => {
    page('?mlp.dataset=moons&mlp.noise=0.9&mlp.seed=-3&mlp.hidden=4-99&mlp.act=gelu&mlp.lr=0.5');
    expect(readSettings({ ...current, hidden: [2], lrIndex: 1 })).toEqual({ dataset: 'xor', noise: 0, seed: 1, hidden: [2], activation: 'tanh', lrIndex: 1 });
    page('?mlp.hidden=');
    expect(readSettings(current).hidden).toEqual([]);
  });

  test('writing and reading again gives the same settings, keeping other parameters', () => {
    const at = page('?other=1');
    writeSettings({ dataset: 'circles', noise: 0.1, seed: 42, hidden: [6], activation: 'sigmoid', lr: 0.003 });
    expect(at().searchParams.get('other')).toBe('1');
    expect(at().searchParams.get('mlp.hidden')).toBe('6');
    expect(readSettings(current)).toEqual({ dataset: 'circles', noise: 0.1, seed: 42, hidden: [6], activation: 'sigmoid', lrIndex: 1 });
  });
});
