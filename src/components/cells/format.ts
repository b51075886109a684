// Turns values from reader code into text the way a console would, and tensors the way PyTorch
// prints them (so readers coming from PyTorch recognise what they see). Pure: runs in the cell
// worker, which sends only the finished text to the page.

/** A value captured from reader code, with tensor data already read back. */
export type Snapshot =
  | { t: 'prim'; value: string | number | boolean | bigint | null | undefined }
  | { t: 'symbol'; text: string }
  | { t: 'tensor'; shape: number[]; data: ArrayLike<number>; requiresGrad: boolean }
  | { t: 'array'; items: Snapshot[]; length: number; ctor?: string }
  | { t: 'object'; ctor: string; entries: [string, Snapshot][]; more: number }
  | { t: 'function'; name: string; isClass: boolean }
  | { t: 'error'; name: string; message: string }
  | { t: 'circular' };

export const TENSOR_SUMMARY_THRESHOLD = 200;
export const TENSOR_EDGE_ITEMS = 3;
const LINE_WIDTH = 80;

/** Formats one number column the way torch does: all integers as `3.`, else 4 decimals or e-notation. */
export function numberFormatter(values: ArrayLike<number>): (v: number) => string {
  let allInt = true;
  let maxAbs = 0;
  let minAbs = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (!Number.isInteger(v)) allInt = false;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a > 0 && a < minAbs) minAbs = a;
  }
  const special = (v: number) => (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');
  if (allInt && maxAbs < 1e8) {
    return (v) => (Number.isFinite(v) ? `${v}.` : special(v));
  }
  if (maxAbs >= 1e8 || minAbs < 1e-4 || (minAbs !== Infinity && maxAbs / minAbs > 1e3 && maxAbs >= 1e3)) {
    return (v) => (Number.isFinite(v) ? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : special(v));
  }
  return (v) => (Number.isFinite(v) ? v.toFixed(4) : special(v));
}

/** The indices shown along one dim: all of them, or the first and last few with a gap (-1). */
function shownIndices(size: number, summarize: boolean): number[] {
  if (!summarize || size <= 2 * TENSOR_EDGE_ITEMS) return Array.from({ length: size }, (_, i) => i);
  const head = Array.from({ length: TENSOR_EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: TENSOR_EDGE_ITEMS }, (_, i) => size - TENSOR_EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

/**
 * PyTorch-style text for a tensor: `tensor([[1., 2.],\n        [3., 4.]])`, with `...` in place of
 * the middle of every long dim once the tensor has more than TENSOR_SUMMARY_THRESHOLD values.
 */
export function formatTensor(shape: readonly number[], data: ArrayLike<number>, requiresGrad = false): string {
  const numel = shape.reduce((a, b) => a * b, 1);
  const summarize = numel > TENSOR_SUMMARY_THRESHOLD;
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  // Collect the values that will be shown so that the column width depends only on them.
  const shown: number[] = [];
  const collect = (dim: number, offset: number) => {
    if (dim === shape.length) {
      shown.push(data[offset]);
      return;
    }
    for (const i of shownIndices(shape[dim], summarize)) if (i >= 0) collect(dim + 1, offset + i * strides[dim]);
  };
  collect(0, 0);
  const fmt = numberFormatter(shown);
  const width = shown.reduce((w, v) => Math.max(w, fmt(v).length), 1);
  const cell = (v: number) => fmt(v).padStart(width);

  const prefix = 'tensor(';
  const render = (dim: number, offset: number, indent: number): string => {
    if (dim === shape.length) return cell(data[offset]);
    const idx = shownIndices(shape[dim], summarize);
    if (dim === shape.length - 1) {
      const items = idx.map((i) => (i < 0 ? '...' : cell(data[offset + i * strides[dim]])));
      // Wrap long rows like torch's linewidth so a cell's output never needs a wide scroll.
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent - 1) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
      return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
    }
    const sep = ',' + '\n'.repeat(shape.length - dim - 1) + ' '.repeat(indent + 1);
    const parts = idx.map((i) => (i < 0 ? '...' : render(dim + 1, offset + i * strides[dim], indent + 1)));
    return '[' + parts.join(sep) + ']';
  };
  const body = shape.length === 0 ? fmt(data[0]) : numel === 0 ? '[]' : render(0, 0, prefix.length);
  const extras = [`shape=[${shape.join(', ')}]`];
  if (requiresGrad) extras.push('requiresGrad=true');
  return `${prefix}${body}, ${extras.join(', ')})`;
}

/** Array items and object keys kept per level when capturing a value. */
export const MAX_ITEMS = 100;

function formatPrim(v: Snapshot & { t: 'prim' }, nested: boolean): string {
  const x = v.value;
  if (typeof x === 'string') return nested ? JSON.stringify(x) : x;
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'number' && Object.is(x, -0)) return '-0';
  return String(x);
}

/** Console-style text for a captured value (strings unquoted at top level, as console.log does). */
export function formatSnapshot(v: Snapshot, nested = false, indent = 0): string {
  switch (v.t) {
    case 'prim':
      return formatPrim(v, nested);
    case 'symbol':
      return v.text;
    case 'tensor': {
      const text = formatTensor(v.shape, v.data, v.requiresGrad);
      return indent ? text.replace(/\n/g, '\n' + ' '.repeat(indent)) : text;
    }
    case 'function':
      return v.isClass ? `[class ${v.name || '(anonymous)'}]` : `[Function ${v.name || '(anonymous)'}]`;
    case 'error':
      return `${v.name}: ${v.message}`;
    case 'circular':
      return '[Circular]';
    case 'array': {
      const items = v.items.map((x) => formatSnapshot(x, true, indent + 2));
      if (v.length > v.items.length) items.push(`... ${v.length - v.items.length} more items`);
      const head = v.ctor ? `${v.ctor}(${v.length}) ` : '';
      const oneLine = `${head}[${items.join(', ')}]`;
      if (oneLine.length <= 72 && !oneLine.includes('\n')) return oneLine;
      const pad = ' '.repeat(indent + 2);
      return `${head}[\n${items.map((s) => pad + s).join(',\n')}\n${' '.repeat(indent)}]`;
    }
    case 'object': {
      const items = v.entries.map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${formatSnapshot(x, true, indent + 2)}`);
      if (v.more > 0) items.push(`... ${v.more} more`);
      const head = v.ctor && v.ctor !== 'Object' ? `${v.ctor} ` : '';
      if (items.length === 0) return `${head}{}`;
      const oneLine = `${head}{ ${items.join(', ')} }`;
      if (oneLine.length <= 72 && !oneLine.includes('\n')) return oneLine;
      const pad = ' '.repeat(indent + 2);
      return `${head}{\n${items.map((s) => pad + s).join(',\n')}\n${' '.repeat(indent)}}`;
    }
  }
}

/** console.log's joining of several arguments. */
export function formatArgs(args: Snapshot[]): string {
  return args.map((a) => formatSnapshot(a)).join(' ');
}

export interface Table {
  columns: string[];
  rows: string[][];
  /** Set when rows were left out. */
  note?: string;
}

const MAX_ROWS = 50;

/**
 * A table for display(): arrays of records, arrays of arrays, arrays of numbers (index, value) and
 * plain objects (key, value). Anything else is not tabular and gives null.
 */
export function toTable(v: Snapshot): Table | null {
  const cell = (x: Snapshot) => formatSnapshot(x, true);
  const note = (shown: number, total: number) => (total > shown ? `showing ${shown} of ${total} rows` : undefined);
  if (v.t === 'array') {
    const items = v.items.slice(0, MAX_ROWS);
    const n = v.length;
    if (items.length > 0 && items.every((x) => x.t === 'object' && x.ctor === 'Object')) {
      const columns: string[] = [];
      for (const x of items) for (const [k] of (x as Snapshot & { t: 'object' }).entries) if (!columns.includes(k)) columns.push(k);
      const rows = items.map((x) => {
        const m = new Map((x as Snapshot & { t: 'object' }).entries);
        return columns.map((c) => (m.has(c) ? cell(m.get(c)!) : ''));
      });
      return { columns, rows, note: note(rows.length, n) };
    }
    if (items.length > 0 && items.every((x) => x.t === 'array')) {
      const width = Math.max(...items.map((x) => (x as Snapshot & { t: 'array' }).items.length));
      const columns = ['row', ...Array.from({ length: width }, (_, i) => String(i))];
      const rows = items.map((x, r) => [String(r), ...(x as Snapshot & { t: 'array' }).items.map(cell)]);
      return { columns, rows, note: note(rows.length, n) };
    }
    const rows = items.map((x, i) => [String(i), cell(x)]);
    return { columns: ['index', 'value'], rows, note: note(rows.length, n) };
  }
  if (v.t === 'object') {
    return { columns: ['key', 'value'], rows: v.entries.slice(0, MAX_ROWS).map(([k, x]) => [k, cell(x)]) };
  }
  return null;
}
