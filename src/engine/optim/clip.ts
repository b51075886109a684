// Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_: if the gradients of all
// parameters together have norm above maxNorm, scale them all down to maxNorm. The scale is
// computed as a tensor, so nothing waits for the GPU.
import { keep, noGrad, tensor, tidy, type Tensor } from '../tensor';

/** Clips in place and returns the total norm before clipping (a scalar tensor the caller disposes). */
export function clipGradNorm(params: Tensor[], maxNorm: number): Tensor {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  return tidy(() =>
    noGrad(() => {
      const withGrad = params.filter((p) => p.grad !== null);
      if (withGrad.length === 0) return tensor(0);
      let sumSq: Tensor | null = null;
      for (const p of withGrad) {
        const s = p.grad!.mul(p.grad!).sum();
        sumSq = sumSq ? sumSq.add(s) : s;
      }
      const total = sumSq!.sqrt();
      const coef = tensor(maxNorm).div(total.add(1e-6)).minimum(1);
      for (const p of withGrad) {
        const scaled = keep(p.grad!.mul(coef));
        p.grad!.dispose();
        p.grad = scaled;
      }
      return total;
    }),
  );
}
