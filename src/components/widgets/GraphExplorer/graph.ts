// The computation graph of a parsed expression: a DAG (a variable used twice is one node), the
// reverse topological order in which backpropagation fills in the gradients, its layered layout,
// and how a node's number is written.
import { formatNumber, withMinus } from '../../plot/format';
import type { Ast, BinaryOperator, FunctionName } from './parse';

export type NodeOp = 'var' | 'const' | 'neg' | BinaryOperator | 'pow' | FunctionName;

export interface GraphNode {
  id: number;
  op: NodeOp;
  /** What the node shows: the variable's name, the number, or the operation. */
  label: string;
  inputs: number[];
  /** Exponent of a 'pow' node. */
  exponent?: number;
  /** Longest path from a leaf: leaves are layer 0, the output is the last layer. */
  layer: number;
}

export interface Graph {
  nodes: GraphNode[]; // topological order: every node after its inputs
  output: number;
}

const SYMBOL: Partial<Record<NodeOp, string>> = { '+': '+', '-': '−', '*': '×', '/': '÷', neg: '−x' };

export function buildGraph(ast: Ast): Graph {
  const nodes: GraphNode[] = [];
  const byVar = new Map<string, number>();
  const add = (op: NodeOp, label: string, inputs: number[], exponent?: number): number => {
    const layer = inputs.length ? Math.max(...inputs.map((i) => nodes[i].layer)) + 1 : 0;
    nodes.push({ id: nodes.length, op, label, inputs, exponent, layer });
    return nodes.length - 1;
  };
  const visit = (a: Ast): number => {
    switch (a.kind) {
      case 'num':
        return add('const', formatValue(a.value), []);
      case 'var': {
        const known = byVar.get(a.name);
        if (known !== undefined) return known;
        const id = add('var', a.name, []);
        byVar.set(a.name, id);
        return id;
      }
      case 'neg':
        return add('neg', SYMBOL.neg!, [visit(a.arg)]);
      case 'bin': {
        const l = visit(a.left);
        const r = visit(a.right);
        return add(a.op, SYMBOL[a.op]!, [l, r]);
      }
      case 'pow':
        return add('pow', `^${formatValue(a.exponent)}`, [visit(a.base)], a.exponent);
      case 'call':
        return add(a.fn, a.fn, [visit(a.arg)]);
    }
  };
  const output = visit(ast);
  return { nodes, output };
}

/** Order in which backpropagation visits nodes: the output first, every node before its inputs. */
export function backwardOrder(graph: Graph): number[] {
  // Reverse of a topological order; nodes were created inputs-first, so plain reversal is one.
  return graph.nodes.map((n) => n.id).reverse();
}

/** Sizes of the drawing, in CSS pixels: the graph is drawn at this size and scrolls, never shrinks. */
export const BOX = { width: 104, height: 58, gap: 48, margin: 12, rowGap: 14 } as const;

export interface Placed {
  id: number;
  /** Centre of the node's box. */
  x: number;
  y: number;
}

/** One edge per use of a value: `x*x` has two edges from x, each into its own input port. */
export interface Edge {
  from: number;
  to: number;
  /** Which input of `to` this edge feeds (0 = first operand). */
  port: number;
  /** Points the edge runs through, left to right: leaving `from`, crossing columns, entering `to`. */
  points: [number, number][];
}

export interface Layout {
  nodes: Placed[];
  edges: Edge[];
  width: number;
  height: number;
}

/** An entry in a column: a node, or the point where a long edge crosses that column. */
type Slot = { node: number; edge?: undefined } | { node?: undefined; edge: number };

/**
 * Layered layout (Sugiyama's method, small): a column per layer, leaves left and the output right;
 * an edge that spans several columns gets a slot in each column it crosses, so it never runs
 * behind a node; each column is ordered to avoid crossings (a sweep from the output, then
 * barycentre sweeps, keeping the order with fewest crossings) and spaced so that no two boxes
 * overlap while each sits as close as it can to the nodes it connects to.
 */
export function layout(graph: Graph): Layout {
  const { nodes } = graph;
  const consumers: number[][] = nodes.map(() => []);
  for (const n of nodes) for (const i of n.inputs) consumers[i].push(n.id);
  // A leaf sits in the column just before its first use, as micrograd's drawings do.
  const layerOf = nodes.map((n) => n.layer);
  for (const n of nodes) if (!n.inputs.length && consumers[n.id].length) layerOf[n.id] = Math.min(...consumers[n.id].map((c) => nodes[c].layer)) - 1;
  const layers = Math.max(...layerOf) + 1;

  const edges: Omit<Edge, 'points'>[] = [];
  for (const n of nodes) n.inputs.forEach((from, port) => edges.push({ from, to: n.id, port }));
  const outEdges: number[][] = nodes.map(() => []);
  const inEdges: number[][] = nodes.map(() => []);
  edges.forEach((e, k) => {
    outEdges[e.from].push(k);
    inEdges[e.to].push(k);
  });
  const columns: Slot[][] = Array.from({ length: layers }, () => []);
  for (const n of nodes) columns[layerOf[n.id]].push({ node: n.id });
  edges.forEach((e, k) => {
    for (let l = layerOf[e.from] + 1; l < layerOf[e.to]; l++) columns[l].push({ edge: k });
  });

  // Where input `port` enters node `to`, in pixels from its centre: first operand on top.
  const portPx = (to: number, port: number) => {
    const m = nodes[to].inputs.length;
    return m > 1 ? (port - (m - 1) / 2) * 24 : 0;
  };
  // The same in units of one slot, for ordering the columns.
  const portOffset = (to: number, port: number) => portPx(to, port) / (BOX.height + BOX.rowGap);
  // Neighbours of a slot in the column to its right (`+1`) or left (`-1`), with the port offset
  // at which the connection arrives, so operands keep their order.
  const neighbours = (s: Slot, layer: number, side: 1 | -1): { slot: Slot; offset: number }[] => {
    const out: { slot: Slot; offset: number }[] = [];
    const via = (k: number): { slot: Slot; offset: number } => {
      const e = edges[k];
      const target = layer + side;
      if (target === layerOf[e.from]) return { slot: { node: e.from }, offset: 0 };
      if (target === layerOf[e.to]) return { slot: { node: e.to }, offset: portOffset(e.to, e.port) };
      return { slot: { edge: k }, offset: 0 };
    };
    if (s.edge !== undefined) return [via(s.edge)];
    for (const k of (side === 1 ? outEdges : inEdges)[s.node]) out.push(via(k));
    return out;
  };
  const key = (s: Slot) => (s.node !== undefined ? `n${s.node}` : `e${s.edge}`);

  const positionIn = (col: Slot[]) => new Map(col.map((s, i) => [key(s), i]));
  const reorder = (l: number, side: 1 | -1) => {
    const pos = positionIn(columns[l + side]);
    const old = positionIn(columns[l]);
    const bary = (s: Slot) => {
      const ns = neighbours(s, l, side);
      if (!ns.length) return old.get(key(s))!;
      return ns.reduce((sum, n) => sum + pos.get(key(n.slot))! + n.offset, 0) / ns.length;
    };
    const keyed = columns[l].map((s) => ({ s, b: bary(s), o: old.get(key(s))! }));
    keyed.sort((a, b) => a.b - b.b || a.o - b.o);
    columns[l] = keyed.map((k) => k.s);
  };
  const crossings = () => {
    let c = 0;
    for (let l = 0; l + 1 < layers; l++) {
      const here = positionIn(columns[l]);
      const there = positionIn(columns[l + 1]);
      const segs: [number, number][] = [];
      for (const s of columns[l]) for (const n of neighbours(s, l, 1)) segs.push([here.get(key(s))!, there.get(key(n.slot))! + n.offset]);
      for (let i = 0; i < segs.length; i++)
        for (let j = i + 1; j < segs.length; j++) if ((segs[i][0] - segs[j][0]) * (segs[i][1] - segs[j][1]) < 0) c++;
    }
    return c;
  };
  // From the output leftwards first: operands come out in the order they were written.
  for (let l = layers - 2; l >= 0; l--) reorder(l, 1);
  let best = columns.map((c) => [...c]);
  let fewest = crossings();
  for (let sweep = 0; sweep < 6 && fewest > 0; sweep++) {
    if (sweep % 2 === 0) for (let l = 1; l < layers; l++) reorder(l, -1);
    else for (let l = layers - 2; l >= 0; l--) reorder(l, 1);
    const c = crossings();
    if (c < fewest) {
      fewest = c;
      best = columns.map((col) => [...col]);
    }
  }
  columns.splice(0, layers, ...best);

  // Vertical positions: every slot wants the mean height of what it connects to; within a column
  // the order is kept and boxes keep their distance (pool-adjacent-violators, least squares).
  const half = (s: Slot) => (s.node !== undefined ? BOX.height / 2 : 4);
  const y = new Map<string, number>();
  columns.forEach((col) => {
    let top = 0;
    for (const s of col) {
      y.set(key(s), top + half(s));
      top += 2 * half(s) + BOX.rowGap;
    }
  });
  const portY = (s: Slot, offset: number) => y.get(key(s))! + offset * (BOX.height + BOX.rowGap);
  const place = (l: number, sides: (1 | -1)[]) => {
    const col = columns[l];
    const want = col.map((s) => {
      const ns = sides.flatMap((side) => (l + side >= 0 && l + side < layers ? neighbours(s, l, side) : []));
      return ns.length ? ns.reduce((sum, n) => sum + portY(n.slot, n.offset), 0) / ns.length : y.get(key(s))!;
    });
    // Offsets of each slot's centre from its block's first centre, if packed tightly.
    const blocks: { first: number; last: number; pos: number; sum: number; count: number }[] = [];
    const packed: number[] = [];
    col.forEach((s, i) => {
      packed.push(i === 0 ? 0 : packed[i - 1] + half(col[i - 1]) + BOX.rowGap + half(s));
    });
    col.forEach((_, i) => {
      let b = { first: i, last: i, sum: want[i] - packed[i], count: 1, pos: want[i] - packed[i] };
      while (blocks.length) {
        const prev = blocks[blocks.length - 1];
        // Packed offsets are relative to slot 0, so two blocks collide exactly when prev.pos > b.pos.
        if (prev.pos <= b.pos) break;
        blocks.pop();
        b = { first: prev.first, last: b.last, sum: prev.sum + b.sum, count: prev.count + b.count, pos: 0 };
        b.pos = b.sum / b.count;
      }
      blocks.push(b);
    });
    for (const b of blocks) for (let i = b.first; i <= b.last; i++) y.set(key(col[i]), b.pos + packed[i]);
  };
  for (let sweep = 0; sweep < 8; sweep++) {
    if (sweep % 2 === 0) for (let l = 1; l < layers; l++) place(l, [-1]);
    else for (let l = layers - 2; l >= 0; l--) place(l, [1]);
  }
  for (let l = 0; l < layers; l++) place(l, [-1, 1]);

  let minTop = Infinity;
  let maxBottom = -Infinity;
  for (const col of columns) for (const s of col) {
    minTop = Math.min(minTop, y.get(key(s))! - half(s));
    maxBottom = Math.max(maxBottom, y.get(key(s))! + half(s));
  }
  const shift = BOX.margin - minTop;
  const colX = (l: number) => BOX.margin + BOX.width / 2 + l * (BOX.width + BOX.gap);
  const yOf = (s: Slot) => y.get(key(s))! + shift;
  const placed: Placed[] = nodes.map((n) => ({ id: n.id, x: colX(layerOf[n.id]), y: yOf({ node: n.id }) }));

  // Where edges leave a node: spread over its right side, in the order of where they go next.
  const outOffset = new Map<number, number>();
  for (const n of nodes) {
    const out = outEdges[n.id].map((k) => ({ e: edges[k], k }));
    const nextY = ({ e, k }: { e: (typeof edges)[number]; k: number }) =>
      layerOf[e.to] === layerOf[e.from] + 1 ? placed[e.to].y + portPx(e.to, e.port) : yOf({ edge: k });
    out.sort((a, b) => nextY(a) - nextY(b) || a.k - b.k);
    const step = out.length > 1 ? Math.min(16, (BOX.height - 16) / (out.length - 1)) : 0;
    out.forEach(({ k }, i) => outOffset.set(k, (i - (out.length - 1) / 2) * step));
  }
  const drawn: Edge[] = edges.map((e, k) => {
    const points: [number, number][] = [[placed[e.from].x + BOX.width / 2, placed[e.from].y + outOffset.get(k)!]];
    for (let l = layerOf[e.from] + 1; l < layerOf[e.to]; l++) {
      const yy = yOf({ edge: k });
      points.push([colX(l) - BOX.width / 2, yy], [colX(l) + BOX.width / 2, yy]);
    }
    points.push([placed[e.to].x - BOX.width / 2, placed[e.to].y + portPx(e.to, e.port)]);
    return { ...e, points };
  });
  return {
    nodes: placed,
    edges: drawn,
    width: 2 * BOX.margin + layers * BOX.width + (layers - 1) * BOX.gap,
    height: maxBottom - minTop + 2 * BOX.margin,
  };
}

/**
 * An edge's SVG path: smooth S-curves across the gaps between columns (horizontal at both ends,
 * so they stay inside the gap) and straight runs through the columns an edge crosses.
 */
export function edgePath(points: [number, number][]): string {
  let d = `M${points[0][0]},${points[0][1]}`;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    if (i % 2 === 1) {
      const mx = (x0 + x1) / 2;
      d += ` C${mx},${y0} ${mx},${y1} ${x1},${y1}`;
    } else d += ` L${x1},${y1}`;
  }
  return d;
}

/** A node's value: integers whole, very large or small numbers in exponent form, else 4 decimals trimmed. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v) || (Number.isInteger(v) && Math.abs(v) < 1e6)) return formatNumber(v, 0);
  if (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3) return withMinus(v.toExponential(2));
  return formatNumber(v, 4, { trim: true });
}
