import { describe, expect, test } from 'vitest';
import { AREA, clientToData, lossChart, LH, LW, M, moveCursor, PLOT, px, py, TH, TW } from './geometry';

describe('MlpPlayground geometry', () => {
  test('data coordinates map onto the plot square, y up', () => {
    expect([px(-1), px(0), px(1)]).toEqual([0, PLOT / 2, PLOT]);
    expect([py(-1), py(1)]).toEqual([PLOT, 0]);
    expect(TW).toBe(PLOT + M.left + M.right);
    expect(TH).toBe(PLOT + M.top + M.bottom);
    expect(AREA.left + AREA.width + (100 * M.right) / TW).toBeCloseTo(100, 10);
  });

  test('a click maps to the point under it, whatever size the plot is shown at', () => {
    const rect = { left: 100, top: 50, width: 150, height: 150 };
    expect(clientToData(rect, 100, 50)).toEqual([-1, 1]);
    expect(clientToData(rect, 175, 125)).toEqual([0, 0]);
    const [x, y] = clientToData(rect, 250, 162.5);
    expect(x).toBeCloseTo(1, 10);
    expect(y).toBeCloseTo(-0.5, 10);
  });

  test('the keyboard cross moves 0.05 a press and stays inside the plot', () => {
    const [x, y] = moveCursor([0, 0], 1, -2);
    expect(x).toBeCloseTo(0.05, 10);
    expect(y).toBeCloseTo(-0.1, 10);
    expect(moveCursor([0.98, -0.99], 1, -1)).toEqual([1, -1]);
  });

  test('the loss chart starts at 10 steps by 0.8 and grows with the curve', () => {
    const empty = lossChart([]);
    expect(empty.x.domain()).toEqual([0, 10]);
    expect(empty.y.domain()).toEqual([0, 0.8]);
    expect(empty.path).toBe('');
    const chart = lossChart([{ step: 0, loss: 1.6 }, { step: 40, loss: 0.4 }]);
    expect(chart.x.domain()).toEqual([0, 40]);
    expect(chart.y.domain()).toEqual([0, 1.6]);
    expect(chart.path).toBe(`M0,0L${LW},${LH * 0.75}`);
  });
});
