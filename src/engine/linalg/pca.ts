// Principal component analysis of a small dense table (rows are points), in plain float64 math:
// centre the columns, form the C × C covariance, and diagonalise it with cyclic Jacobi rotations.
// Jacobi is exact to rounding and needs no starting guess, so the same table always gives the same
// axes; at C = 128 one decomposition takes a few milliseconds.

export interface PcaResult {
  /** Column means that were subtracted (C). */
  mean: Float64Array;
  /** The first k principal axes, unit length, largest variance first; components[j] has length C. */
  components: Float64Array[];
  /** Variance along each returned axis. */
  variance: number[];
  /** Share of the total variance each returned axis explains (0–1). */
  explained: number[];
  /** Each row projected on the axes: projected[j][r] is row r's coordinate on axis j. */
  projected: Float64Array[];
}

/** Eigenvalues and unit eigenvectors of a symmetric n × n matrix (row-major), largest first. */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): { values: number[]; vectors: Float64Array[] } {
  if (matrix.length !== n * n) throw new Error(`symmetricEigen: expected ${n * n} entries for ${n} × ${n}, got ${matrix.length}`);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const offDiagonal = () => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += a[i * n + j] ** 2;
    return s;
  };
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i] ** 2;
  for (let sweep = 0; sweep < 100 && offDiagonal() > 1e-22 * scale; sweep++) {
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        // The rotation angle that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1).
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  return {
    values: order.map((i) => a[i * n + i]),
    vectors: order.map((i) => {
      const vec = new Float64Array(n);
      for (let k = 0; k < n; k++) vec[k] = v[k * n + i];
      // A sign convention (largest entry positive) so the picture does not flip between runs.
      let big = 0;
      for (let k = 1; k < n; k++) if (Math.abs(vec[k]) > Math.abs(vec[big])) big = k;
      if (vec[big] < 0) for (let k = 0; k < n; k++) vec[k] = -vec[k];
      return vec;
    }),
  };
}

/** PCA of `data`, a (rows × cols) row-major table, keeping the first k axes. */
export function pca(data: ArrayLike<number>, rows: number, cols: number, k = 2): PcaResult {
  if (data.length !== rows * cols) throw new Error(`pca: expected ${rows} × ${cols} = ${rows * cols} values, got ${data.length}`);
  if (rows < 2) throw new Error(`pca: needs at least 2 rows, got ${rows}`);
  if (k < 1 || k > cols) throw new Error(`pca: k must be between 1 and ${cols}, got ${k}`);
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const centred = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) centred[r * cols + c] = data[r * cols + c] - mean[c];
  // Covariance with the 1/(rows − 1) of the sample variance.
  const cov = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let i = 0; i < cols; i++) {
      const x = centred[off + i];
      if (x === 0) continue;
      for (let j = i; j < cols; j++) cov[i * cols + j] += x * centred[off + j];
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      cov[i * cols + j] /= rows - 1;
      cov[j * cols + i] = cov[i * cols + j];
    }
  }
  const { values, vectors } = symmetricEigen(cov, cols);
  const total = values.reduce((s, x) => s + Math.max(0, x), 0);
  const components = vectors.slice(0, k);
  const projected = components.map((axis) => {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += centred[r * cols + c] * axis[c];
      out[r] = s;
    }
    return out;
  });
  const variance = values.slice(0, k).map((x) => Math.max(0, x));
  return { mean, components, variance, explained: variance.map((x) => (total > 0 ? x / total : 0)), projected };
}
