// Random training windows, as nanoGPT's get_batch: pick batchSize start positions, take blockSize
// tokens from each as the input and the same window shifted one token right as the targets, so
// every position learns to predict the token that follows it.
import { fromFloat32, type Generator, type Tensor } from '../tensor';

export function sampleBatch(
  ids: ArrayLike<number>,
  blockSize: number,
  batchSize: number,
  rng: Generator,
): { x: Tensor; y: Tensor } {
  if (ids.length <= blockSize) {
    throw new Error(`sampleBatch: the data has ${ids.length} tokens, but a block of ${blockSize} needs at least ${blockSize + 1} (use more text or a shorter context)`);
  }
  const x = new Float32Array(batchSize * blockSize);
  const y = new Float32Array(batchSize * blockSize);
  for (let b = 0; b < batchSize; b++) {
    const start = Math.floor(rng.random() * (ids.length - blockSize));
    for (let t = 0; t < blockSize; t++) {
      x[b * blockSize + t] = ids[start + t];
      y[b * blockSize + t] = ids[start + t + 1];
    }
  }
  return { x: fromFloat32(x, [batchSize, blockSize]), y: fromFloat32(y, [batchSize, blockSize]) }; // (B, T) each
}
