import { expect, test } from 'vitest';
import { nearestPoint, stepInDirection } from './scatter';

//   0 at (0,0), 1 at (10,1), 2 at (3,9), 3 at (-8,0), 4 at (20,-20)
const xs = [0, 10, 3, -8, 20];
const ys = [0, 1, 9, 0, -20];

test('nearest point within a radius', () => {
  expect(nearestPoint(xs, ys, 9, 2)).toBe(1);
  expect(nearestPoint(xs, ys, 50, 50, 5)).toBeNull();
  expect(nearestPoint([], [], 0, 0)).toBeNull();
});

test('arrow keys step to the nearest point in that direction and stay at an edge', () => {
  expect(stepInDirection(xs, ys, 0, 'right')).toBe(1);
  expect(stepInDirection(xs, ys, 0, 'left')).toBe(3);
  expect(stepInDirection(xs, ys, 0, 'down')).toBe(2); // screen y grows downwards
  expect(stepInDirection(xs, ys, 0, 'up')).toBe(4);
  expect(stepInDirection(xs, ys, 3, 'left')).toBe(3);
});
