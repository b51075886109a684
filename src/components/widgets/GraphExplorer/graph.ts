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

export interface Placed {
  id: number;
  x: number;
  y: number;
}

/**
 * Layered DAG layout: a column per layer (leaves left, output right); within a column, nodes are
 * ordered by the mean row of their inputs (one barycentre sweep), which keeps edges from crossing
 * for the tree-like expressions readers type.
 */
export function layout(graph: Graph, width: number, height: number, margin = 40): Placed[] {
  const layers = Math.max(...graph.nodes.map((n) => n.layer)) + 1;
  const columns: GraphNode[][] = Array.from({ length: layers }, () => []);
  for (const n of graph.nodes) columns[n.layer].push(n);
  const row = new Map<number, number>();
  columns.forEach((col, li) => {
    if (li > 0) {
      const key = (n: GraphNode) => n.inputs.reduce((s, i) => s + row.get(i)!, 0) / n.inputs.length;
      col.sort((a, b) => key(a) - key(b));
    }
    col.forEach((n, k) => row.set(n.id, (k + 0.5) / col.length));
  });
  // Leaves follow their consumers' order too, so a second pass pulls them next to where they are used.
  const consumers = new Map<number, number[]>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n.id]);
  const leaves = columns[0];
  const leafKey = (n: GraphNode) => {
    const c = consumers.get(n.id) ?? [];
    return c.length ? c.reduce((s, i) => s + row.get(i)!, 0) / c.length : row.get(n.id)!;
  };
  leaves.sort((a, b) => leafKey(a) - leafKey(b) || a.id - b.id);
  leaves.forEach((n, k) => row.set(n.id, (k + 0.5) / leaves.length));
  const dx = layers > 1 ? (width - 2 * margin) / (layers - 1) : 0;
  return graph.nodes.map((n) => ({
    id: n.id,
    x: layers > 1 ? margin + n.layer * dx : width / 2,
    y: margin + row.get(n.id)! * (height - 2 * margin),
  }));
}

/** A node's value: integers whole, very large or small numbers in exponent form, else 4 decimals trimmed. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v) || (Number.isInteger(v) && Math.abs(v) < 1e6)) return formatNumber(v, 0);
  if (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3) return withMinus(v.toExponential(2));
  return formatNumber(v, 4, { trim: true });
}
