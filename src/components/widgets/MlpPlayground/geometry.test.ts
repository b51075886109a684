import { describe, expect, test } from 'vitest';
import { appendLoss, AREA, clientToData, lossChart, LH, LW, M, MAX_LOSS_POINTS, moveCursor, PLOT, px, py, TH, TW, viewScales, ZOOM_EXTENT, type LossPoint } from './geometry';

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

describe('the loss chart keeps the whole run', () => {
  test('past 400 points it thins the curve evenly: step 0 stays, the latest step is last', () => {
    let curve: LossPoint[] = [];
    for (let step = 0; step <= 5000; step += 5) curve = appendLoss(curve, { step, loss: 1 / (1 + step) });
    expect(curve.length).toBeLessThanOrEqual(MAX_LOSS_POINTS);
    expect(curve.length).toBeGreaterThan(MAX_LOSS_POINTS / 2);
    expect(curve[0]).toEqual({ step: 0, loss: 1 });
    expect(curve.at(-1)!.step).toBe(5000);
    // Evenly spread: no gap is more than a few times the typical one.
    const gaps = curve.slice(1).map((c, i) => c.step - curve[i].step);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4 * (5000 / curve.length));
    expect(lossChart(curve).x.domain()).toEqual([0, 5000]);
  });

  test('a restart (an earlier step) drops the points after it', () => {
    const curve = appendLoss(appendLoss(appendLoss([], { step: 0, loss: 1 }), { step: 5, loss: 0.5 }), { step: 0, loss: 0.9 });
    expect(curve).toEqual([{ step: 0, loss: 0.9 }]);
  });

  test('the test loss gets its own line and widens the scale', () => {
    const chart = lossChart([{ step: 0, loss: 0.7, test: 0.7 }, { step: 10, loss: 0.1, test: 1.4 }]);
    expect(chart.y.domain()).toEqual([0, 1.4]);
    expect(chart.testPath).toBe(`M0,${LH / 2}L${LW},0`);
    expect(lossChart([{ step: 0, loss: 0.7 }]).testPath).toBe('');
  });

  test('zoomed out, the same plot shows [-3, 3]² and a click maps accordingly', () => {
    const { px: zx, py: zy } = viewScales(ZOOM_EXTENT);
    expect([zx(-3), zx(0), zx(3)]).toEqual([0, PLOT / 2, PLOT]);
    expect(zy(3)).toBe(0);
    expect(clientToData({ left: 0, top: 0, width: 300, height: 300 }, 0, 0, 3)).toEqual([-3, 3]);
  });
});
