// Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_: if the gradients of all
// parameters together have norm above maxNorm, scale them all down to maxNorm, in place. The
// squared norm is one backend call over every gradient and the scale a one-value tensor the
// backend multiplies by, so nothing waits for the GPU and nothing as large as a gradient is allocated.
import { Tensor, noGrad, tensor, tidy } from '../tensor';

/** Clips in place and returns the total norm before clipping (a scalar tensor the caller disposes). */
export function clipGradNorm(params: Tensor[], maxNorm: number): Tensor {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  return tidy(() =>
    noGrad(() => {
      const grads = params.flatMap((p) => (p.grad ? [p.grad] : []));
      if (grads.length === 0) return tensor(0);
      const backend = grads[0].backend;
      const storages = grads.map((g) => g.storage);
      const total = new Tensor(backend.sumOfSquares(storages), [], backend).sqrt();
      const coef = tensor(maxNorm).div(total.add(1e-6)).minimum(1);
      // A storage shared by two gradients (a view, or one tensor set as two .grads) is scaled once.
      backend.scaleInPlace([...new Set(storages)], coef.storage);
      return total;
    }),
  );
}
