// Cosine similarity: the cosine of the angle between two vectors, a·b / (|a| |b|). It ignores
// length, so it compares directions, which is what an embedding's meaning is carried by.

/** cos(a, b); 0 when either vector is all zeros (no direction to compare). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosineSimilarity: vectors of length ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The (rows × rows) cosine similarities of the rows of a (rows × cols) row-major table. */
export function cosineMatrix(data: ArrayLike<number>, rows: number, cols: number): Float32Array {
  if (data.length !== rows * cols) throw new Error(`cosineMatrix: expected ${rows} × ${cols} = ${rows * cols} values, got ${data.length}`);
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[r * cols + c] ** 2;
    norms[r] = Math.sqrt(s);
  }
  const out = new Float32Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < rows; j++) {
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += data[i * cols + c] * data[j * cols + c];
      const v = norms[i] === 0 || norms[j] === 0 ? 0 : dot / (norms[i] * norms[j]);
      out[i * rows + j] = v;
      out[j * rows + i] = v;
    }
  }
  return out;
}
