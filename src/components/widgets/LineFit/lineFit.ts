// Pure logic of the LineFit widget: the reader's points, the line ŷ = slope·x + intercept, its
// MSE and gradient (the same functions the GradientDescent surface uses), and one descent step.
import { gradient, loss, SURFACES, type Point, type Surface } from '../../../lib/lossSurface';

export interface Line {
  slope: number;
  intercept: number;
}

const surfaceOf = (points: Point[]): Surface => ({ ...SURFACES.line, data: points });

export const mse = (points: Point[], l: Line): number => loss(surfaceOf(points), l.slope, l.intercept);

/** [∂MSE/∂slope, ∂MSE/∂intercept]. */
export const grad = (points: Point[], l: Line): [number, number] => gradient(surfaceOf(points), l.slope, l.intercept);

export function descend(points: Point[], l: Line, lr: number): Line {
  const [gs, gi] = grad(points, l);
  return { slope: l.slope - lr * gs, intercept: l.intercept - lr * gi };
}

/** Residual ŷ − y of each point: the vertical segments drawn between the points and the line. */
export const residuals = (points: Point[], l: Line): number[] => points.map((p) => l.slope * p.x + l.intercept - p.y);

/** The reader's starting points: a loose upward trend inside the [-3, 3] view. */
export const DEFAULT_POINTS: Point[] = [
  { x: -2.5, y: -1.6 },
  { x: -1.5, y: -0.4 },
  { x: -0.5, y: -0.6 },
  { x: 0.4, y: 0.9 },
  { x: 1.2, y: 0.7 },
  { x: 2.3, y: 2.1 },
];
export const DEFAULT_LINE: Line = { slope: -0.5, intercept: 1.5 };
export const VIEW = 3;

export const clampToView = (v: number): number => Math.max(-VIEW, Math.min(VIEW, v));
