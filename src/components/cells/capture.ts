// Captures a value from reader code at the moment it is logged. Tensor reads start synchronously
// (so `console.log(t); t.dispose()` still prints t), and finish later: the engine reads values back
// only asynchronously, because on WebGPU they live on the GPU.
import { MAX_ITEMS, type Snapshot } from './format';

interface TensorLike {
  shape: readonly number[];
  requiresGrad?: boolean;
  data(): Promise<ArrayLike<number>>;
}

export function isTensor(x: unknown): x is TensorLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    Array.isArray((x as TensorLike).shape) &&
    typeof (x as TensorLike).data === 'function'
  );
}

export interface Captured {
  snapshot: Snapshot;
  /** Resolves once every tensor inside has its values. */
  ready: Promise<void>;
}

const MAX_DEPTH = 4;

/** `maxItems`: array items / object keys kept per level (plots need all their points). */
export function capture(value: unknown, maxItems = MAX_ITEMS): Captured {
  const reads: Promise<void>[] = [];
  const seen = new Set<object>();

  const walk = (x: unknown, depth: number): Snapshot => {
    if (x === null || x === undefined || typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean' || typeof x === 'bigint') {
      return { t: 'prim', value: x };
    }
    if (typeof x === 'symbol') return { t: 'symbol', text: x.toString() };
    if (typeof x === 'function') {
      const isClass = /^class[\s{]/.test(Function.prototype.toString.call(x));
      return { t: 'function', name: x.name, isClass };
    }
    const obj = x as object;
    if (isTensor(obj)) {
      const node: Snapshot & { t: 'tensor' } = { t: 'tensor', shape: [...obj.shape], data: [], requiresGrad: !!obj.requiresGrad };
      let read: Promise<ArrayLike<number>>;
      try {
        read = Promise.resolve(obj.data());
      } catch (e) {
        read = Promise.reject(e);
      }
      reads.push(
        read.then(
          (d) => {
            node.data = Array.from(d);
          },
          (e: unknown) => {
            Object.assign(node, { t: 'error', name: 'Tensor', message: `could not be read (${e instanceof Error ? e.message : String(e)})` });
          },
        ),
      );
      return node;
    }
    if (obj instanceof Error) return { t: 'error', name: obj.name, message: obj.message };
    if (seen.has(obj)) return { t: 'circular' };
    if (depth >= MAX_DEPTH) return { t: 'object', ctor: ctorName(obj), entries: [], more: Object.keys(obj).length };
    seen.add(obj);
    try {
      if (Array.isArray(obj)) {
        return { t: 'array', items: obj.slice(0, maxItems).map((v) => walk(v, depth + 1)), length: obj.length };
      }
      if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
        const arr = Array.from(obj as unknown as ArrayLike<number>);
        return {
          t: 'array',
          items: arr.slice(0, maxItems).map((v) => walk(v, depth + 1)),
          length: arr.length,
          ctor: ctorName(obj),
        };
      }
      if (obj instanceof Map) {
        const entries = [...obj.entries()].slice(0, maxItems).map(([k, v]) => [String(k), walk(v, depth + 1)] as [string, Snapshot]);
        return { t: 'object', ctor: `Map(${obj.size})`, entries, more: Math.max(0, obj.size - maxItems) };
      }
      if (obj instanceof Set) {
        const items = [...obj].slice(0, maxItems).map((v) => walk(v, depth + 1));
        return { t: 'array', items, length: obj.size, ctor: 'Set' };
      }
      const keys = Object.keys(obj);
      const entries = keys.slice(0, maxItems).map((k) => [k, walk((obj as Record<string, unknown>)[k], depth + 1)] as [string, Snapshot]);
      return { t: 'object', ctor: ctorName(obj), entries, more: Math.max(0, keys.length - maxItems) };
    } finally {
      seen.delete(obj);
    }
  };

  const snapshot = walk(value, 0);
  return { snapshot, ready: Promise.all(reads).then(() => undefined) };
}

function ctorName(obj: object): string {
  const proto = Object.getPrototypeOf(obj);
  if (proto === null) return 'Object';
  return (proto.constructor && proto.constructor.name) || 'Object';
}

/** Back to plain JavaScript values, with tensors as nested arrays (for plots). */
export function toPlain(s: Snapshot): unknown {
  switch (s.t) {
    case 'prim':
      return s.value;
    case 'tensor': {
      const { shape, data } = s;
      if (shape.length === 0) return data[0];
      const build = (dim: number, offset: number, stride: number): unknown => {
        const inner = stride / shape[dim];
        return Array.from({ length: shape[dim] }, (_, i) =>
          dim === shape.length - 1 ? data[offset + i] : build(dim + 1, offset + i * inner, inner),
        );
      };
      return build(0, 0, data.length);
    }
    case 'array':
      return s.items.map(toPlain);
    case 'object':
      return Object.fromEntries(s.entries.map(([k, v]) => [k, toPlain(v)]));
    default:
      return undefined;
  }
}
