// Scalar definitions of the activations. The tensor ops and the widgets both use these, so a
// slider in chapter 1 and a GPT layer compute exactly the same function.

export const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
export const GELU_COEFF = 0.044715;

export const step = (x: number): number => (x > 0 ? 1 : 0);
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const relu = (x: number): number => (x > 0 ? x : 0);
export const tanh = Math.tanh;

/** GELU, tanh approximation (as GPT-2): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export const gelu = (x: number): number =>
  0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_COEFF * x * x * x)));

/** d/dx of the tanh-approximate GELU. */
export const geluGrad = (x: number): number => {
  const u = SQRT_2_OVER_PI * (x + GELU_COEFF * x * x * x);
  const t = Math.tanh(u);
  const du = SQRT_2_OVER_PI * (1 + 3 * GELU_COEFF * x * x);
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
};

export const activations = { step, sigmoid, relu, tanh, gelu } as const;
export type ActivationName = keyof typeof activations;
