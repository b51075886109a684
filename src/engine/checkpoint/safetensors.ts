// The safetensors file format (https://github.com/huggingface/safetensors), on plain byte arrays so
// it works the same in Node and in a browser: 8 bytes little-endian header length N, N bytes of
// JSON header, then the raw tensor bytes. The header maps each tensor name to
// { dtype, shape, data_offsets: [begin, end] } (offsets relative to the end of the header) and may
// hold "__metadata__", a map of string → string.
//
// The engine writes float32 only; reading also accepts F16 and BF16 (common for PyTorch exports)
// and widens them to float32.

export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: Map<string, NamedTensor>;
  metadata: Record<string, string>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const BYTES_PER: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };

export function writeSafetensors(
  tensors: Map<string, NamedTensor> | Record<string, NamedTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const entries = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new Error(`writeSafetensors: metadata "${k}" must be a string, got ${typeof v}`);
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const [name, t] of entries) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new Error(`writeSafetensors: tensor "${name}" has shape [${t.shape.join(', ')}] (${count} values) but ${t.data.length} values of data`);
    }
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  // Spaces pad the header so the tensor data starts 8-byte aligned, as the reference writer does.
  let json = JSON.stringify(header);
  const headerBytes0 = new TextEncoder().encode(json);
  json += ' '.repeat((8 - (headerBytes0.length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);

  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const [, t] of entries) {
    for (let i = 0; i < t.data.length; i++) view.setFloat32(pos + 4 * i, t.data[i], true);
    pos += t.data.byteLength;
  }
  return out;
}

export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new Error(`readSafetensors: ${bytes.length} bytes is too short to be a safetensors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8) {
    throw new Error(`readSafetensors: the header claims ${headerLength} bytes but the file has only ${bytes.length - 8} after the length field (not a safetensors file, or truncated)`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    throw new Error(`readSafetensors: the header is not valid JSON (${(e as Error).message})`);
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const tensors = new Map<string, NamedTensor>();
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = raw as HeaderEntry;
    const size = BYTES_PER[e.dtype];
    if (!size) throw new Error(`readSafetensors: tensor "${name}" has dtype ${e.dtype}; only F32, F16 and BF16 can be read`);
    const count = e.shape.reduce((a, b) => a * b, 1);
    const [begin, end] = e.data_offsets;
    if (!(begin >= 0 && end <= dataLength && end - begin === count * size)) {
      throw new Error(`readSafetensors: tensor "${name}" (${e.dtype} [${e.shape.join(', ')}]) has data_offsets [${begin}, ${end}] that do not fit its size or the file`);
    }
    const data = new Float32Array(count);
    const at = dataStart + begin;
    if (e.dtype === 'F32') for (let i = 0; i < count; i++) data[i] = view.getFloat32(at + 4 * i, true);
    else if (e.dtype === 'BF16') for (let i = 0; i < count; i++) data[i] = bf16ToF32(view.getUint16(at + 2 * i, true));
    else for (let i = 0; i < count; i++) data[i] = f16ToF32(view.getUint16(at + 2 * i, true));
    tensors.set(name, { shape: [...e.shape], data });
  }
  return { tensors, metadata };
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

function bf16ToF32(h: number): number {
  u32Scratch[0] = h << 16;
  return f32Scratch[0];
}

function f16ToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
