import { describe, expect, test } from 'vitest';
import { parseColor, regionPixels } from './regions';

describe('decision regions', () => {
  test('reads theme colours as written in CSS', () => {
    expect(parseColor('#0072b2')).toEqual([0, 114, 178]);
    expect(parseColor(' #fff ')).toEqual([255, 255, 255]);
    expect(parseColor('rgb(20, 23, 28)')).toEqual([20, 23, 28]);
  });

  test('tints from the background towards the class colour by certainty', () => {
    const colours = { background: [20, 23, 28] as [number, number, number], a: [86, 180, 233] as [number, number, number], b: [230, 159, 0] as [number, number, number] };
    const px = regionPixels([0.5, 0, 1, 0.75], colours, 0.6);
    expect([...px.slice(0, 4)]).toEqual([20, 23, 28, 255]); // unsure: the background itself
    expect([...px.slice(4, 8)]).toEqual([20 + 0.6 * 66, 23 + 0.6 * 157, 28 + 0.6 * 205, 255].map(Math.round));
    expect([...px.slice(8, 11)]).toEqual([20 + 0.6 * 210, 23 + 0.6 * 136, 28 - 0.6 * 28].map(Math.round));
    expect(px[12]).toBe(Math.round(20 + 0.3 * 210)); // p = 0.75: half as certain
  });
});
