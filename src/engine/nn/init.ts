// Parameter initialisation as nanoGPT does it: weights N(0, 0.02), biases 0, LayerNorm 1 and 0.
// Parameters are leaf tensors that require gradients, made without recording any graph, and
// kept alive by any tidy they are created in (a model built inside tidy keeps its weights).
import { keep, noGrad, ones, rand, randn, zeros, type Tensor } from '../tensor';

function asParameter(t: Tensor): Tensor {
  t.requiresGrad = true;
  return keep(t);
}

export function normalParameter(shape: number[], std = 0.02): Tensor {
  return asParameter(noGrad(() => {
    const r = randn(shape);
    const out = r.mul(std);
    r.dispose();
    return out;
  }));
}

export function zerosParameter(shape: number[]): Tensor {
  return asParameter(zeros(shape));
}

export function onesParameter(shape: number[]): Tensor {
  return asParameter(ones(shape));
}

/** U(-bound, bound), PyTorch's default for nn.Linear with bound 1/√fan_in; small MLPs train well from it. */
export function uniformParameter(shape: number[], bound: number): Tensor {
  return asParameter(noGrad(() => {
    const r = rand(shape);
    const out = r.mul(2 * bound).sub(bound);
    r.dispose();
    return out;
  }));
}
