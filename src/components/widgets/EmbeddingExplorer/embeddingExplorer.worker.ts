// PCA of the embedding table off the main thread (about 150 ms for 1,024 × 128 on a laptop-class
// CPU core, long enough to stall a frame or ten).
import { serve } from '../../../lib/worker';
import { pca } from '../../../engine/index';

export interface Projection {
  xs: Float32Array;
  ys: Float32Array;
  /** Share of the variance along the two axes. */
  explained: [number, number];
}

const api = {
  project({ wte, rows, cols }: { wte: Float32Array; rows: number; cols: number }): Projection {
    const r = pca(wte, rows, cols, 2);
    return { xs: Float32Array.from(r.projected[0]), ys: Float32Array.from(r.projected[1]), explained: [r.explained[0], r.explained[1]] };
  },
};

export type ProjectionApi = typeof api;
serve(api);
