import { afterEach, describe, expect, test, vi } from 'vitest';
import { readSettings, writeSettings, type Settings } from './settings';

const current: Settings = { dataset: 'xor', noise: 0, seed: 1, trainShare: 0.5, hidden: [4, 4], activation: 'tanh', optimizer: 'sgd', lrIndex: 5 };

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
    page('?mlp.dataset=spiral&mlp.noise=0.25&mlp.seed=7.6&mlp.train=0.2&mlp.hidden=3-5-2&mlp.act=relu&mlp.opt=adam&mlp.lr=0.1');
    expect(readSettings(current)).toEqual({ dataset: 'spiral', noise: 0.25, seed: 8, trainShare: 0.2, hidden: [3, 5, 2], activation: 'relu', optimizer: 'adam', lrIndex: 4 });
  });

  test('missing or invalid keys fall back: defaults, or the current network and rate', () => {
    page('?mlp.dataset=moons&mlp.noise=0.9&mlp.seed=-3&mlp.train=0.55&mlp.hidden=4-99&mlp.act=gelu&mlp.opt=lbfgs&mlp.lr=0.5');
    expect(readSettings({ ...current, trainShare: 0.7, hidden: [2], lrIndex: 1 })).toEqual({ dataset: 'xor', noise: 0, seed: 1, trainShare: 0.7, hidden: [2], activation: 'tanh', optimizer: 'sgd', lrIndex: 1 });
    page('?mlp.opt=adam');
    expect(readSettings(current).lrIndex).toBe(3); // Adam's own default rate, 0.03
    page('?mlp.hidden=');
    expect(readSettings(current).hidden).toEqual([]);
  });

  test('writing and reading again gives the same settings, keeping other parameters', () => {
    const at = page('?other=1');
    writeSettings({ dataset: 'circles', noise: 0.1, seed: 42, trainShare: 0.8, hidden: [6], activation: 'sigmoid', optimizer: 'adam', lr: 0.003 });
    expect(at().searchParams.get('other')).toBe('1');
    expect(at().searchParams.get('mlp.hidden')).toBe('6');
    expect(readSettings(current)).toEqual({ dataset: 'circles', noise: 0.1, seed: 42, trainShare: 0.8, hidden: [6], activation: 'sigmoid', optimizer: 'adam', lrIndex: 1 });
  });
});
