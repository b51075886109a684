// Pure logic of the GraphExplorer: a recursive-descent parser for the expressions a reader types,
// the computation graph (a DAG: a variable used twice is one node), its layered layout, and the
// reverse topological order in which backpropagation fills in the gradients. The numbers on the
// nodes are computed by the engine's autograd (see evaluateGraph), never by a second implementation.
import { formatNumber, withMinus } from '../../plot/format';

export const FUNCTIONS = ['tanh', 'exp', 'log', 'relu', 'sigmoid'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
export type BinaryOperator = '+' | '-' | '*' | '/';

export type Ast =
  | { kind: 'num'; value: number; col: number }
  | { kind: 'var'; name: string; col: number }
  | { kind: 'neg'; arg: Ast; col: number }
  | { kind: 'bin'; op: BinaryOperator; left: Ast; right: Ast; col: number }
  | { kind: 'pow'; base: Ast; exponent: number; col: number }
  | { kind: 'call'; fn: FunctionName; arg: Ast; col: number };

/** A reader-facing syntax error; `column` is 1-based, as an editor shows it. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`${message} at column ${column}`);
    this.name = 'ParseError';
  }
}

type Token =
  | { type: 'num'; value: number; text: string; col: number }
  | { type: 'ident'; text: string; col: number }
  | { type: 'op'; text: string; col: number }
  | { type: 'end'; text: ''; col: number };

const MAX_LENGTH = 500;

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    const col = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9.]/.test(ch)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new ParseError(`unexpected '${ch}'`, col);
      tokens.push({ type: 'num', value: Number(m[0]), text: m[0], col });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(src.slice(i))!;
      tokens.push({ type: 'ident', text: m[0], col });
      i += m[0].length;
    } else if (src.startsWith('**', i)) {
      tokens.push({ type: 'op', text: '^', col });
      i += 2;
    } else if ('+-*/^()'.includes(ch)) {
      tokens.push({ type: 'op', text: ch, col });
      i++;
    } else {
      const shown = String.fromCodePoint(src.codePointAt(i)!);
      throw new ParseError(`unexpected character '${shown}'`, col);
    }
  }
  tokens.push({ type: 'end', text: '', col: src.length + 1 });
  return tokens;
}

/**
 * Parses an expression such as `tanh(w1*x1 + w2*x2 + b)`. Precedence, lowest first: + -, * /,
 * unary minus, ^ (right-associative, so -a^2 is -(a^2) as in mathematics).
 */
export function parse(src: string): Ast {
  if (src.length > MAX_LENGTH) throw new ParseError(`expression is longer than ${MAX_LENGTH} characters`, MAX_LENGTH + 1);
  const tokens = tokenize(src);
  if (tokens.length === 1) throw new ParseError('the expression is empty', 1);
  let pos = 0;
  const peek = () => tokens[pos];
  const describe = (t: Token) => (t.type === 'end' ? 'end of expression' : `'${t.text}'`);
  const unexpected = (t: Token) => new ParseError(`unexpected ${describe(t)}`, t.col);

  function expr(): Ast {
    let left = term();
    while (peek().type === 'op' && (peek().text === '+' || peek().text === '-')) {
      const t = tokens[pos++];
      left = { kind: 'bin', op: t.text as BinaryOperator, left, right: term(), col: t.col };
    }
    return left;
  }
  function term(): Ast {
    let left = unary();
    while (peek().type === 'op' && (peek().text === '*' || peek().text === '/')) {
      const t = tokens[pos++];
      left = { kind: 'bin', op: t.text as BinaryOperator, left, right: unary(), col: t.col };
    }
    return left;
  }
  function unary(): Ast {
    const t = peek();
    if (t.type === 'op' && t.text === '-') {
      pos++;
      return { kind: 'neg', arg: unary(), col: t.col };
    }
    if (t.type === 'op' && t.text === '+') {
      pos++;
      return unary();
    }
    return power();
  }
  function power(): Ast {
    const base = primary();
    const t = peek();
    if (t.type === 'op' && t.text === '^') {
      pos++;
      const expCol = peek().col;
      const exponent = constantValue(unary());
      if (exponent === null) throw new ParseError('the exponent must be a number, such as x^2', expCol);
      return { kind: 'pow', base, exponent, col: t.col };
    }
    return base;
  }
  function primary(): Ast {
    const t = tokens[pos++];
    if (t.type === 'num') return { kind: 'num', value: t.value, col: t.col };
    if (t.type === 'ident') {
      if (peek().type === 'op' && peek().text === '(') {
        if (!(FUNCTIONS as readonly string[]).includes(t.text)) {
          throw new ParseError(`unknown function '${t.text}' (try ${FUNCTIONS.join(', ')})`, t.col);
        }
        pos++;
        const arg = expr();
        closeParen();
        return { kind: 'call', fn: t.text as FunctionName, arg, col: t.col };
      }
      if ((FUNCTIONS as readonly string[]).includes(t.text)) {
        throw new ParseError(`'${t.text}' is a function: write ${t.text}(…)`, t.col);
      }
      return { kind: 'var', name: t.text, col: t.col };
    }
    if (t.type === 'op' && t.text === '(') {
      const inner = expr();
      closeParen();
      return inner;
    }
    throw unexpected(t);
  }
  function closeParen(): void {
    const t = tokens[pos];
    if (t.type === 'op' && t.text === ')') {
      pos++;
      return;
    }
    throw new ParseError(t.type === 'end' ? "missing ')'" : `expected ')' but found ${describe(t)}`, t.col);
  }

  const ast = expr();
  if (peek().type !== 'end') throw unexpected(peek());
  return ast;
}

/** The value of an expression made only of numbers (for exponents), or null if it has variables. */
function constantValue(ast: Ast): number | null {
  if (ast.kind === 'num') return ast.value;
  if (ast.kind === 'neg') {
    const v = constantValue(ast.arg);
    return v === null ? null : -v;
  }
  return null;
}

/** Variable names in order of first appearance. */
export function variables(ast: Ast): string[] {
  const out: string[] = [];
  const walk = (a: Ast): void => {
    if (a.kind === 'var') {
      if (!out.includes(a.name)) out.push(a.name);
    } else if (a.kind === 'neg' || a.kind === 'call') walk(a.arg);
    else if (a.kind === 'pow') walk(a.base);
    else if (a.kind === 'bin') {
      walk(a.left);
      walk(a.right);
    }
  };
  walk(ast);
  return out;
}

// ---- the graph ------------------------------------------------------------------------------

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

/** Parses "a=2, b=-3; c = 10" into values; names are checked against the expression. */
export function parseAssignments(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let offset = 0;
  for (const part of text.split(/[,;\n]/)) {
    const trimmed = part.trim();
    const col = offset + part.indexOf(trimmed) + 1;
    offset += part.length + 1;
    if (!trimmed) continue;
    const m = /^([A-Za-z_][A-Za-z_0-9]*)\s*=\s*(.+)$/.exec(trimmed);
    if (!m) throw new ParseError(`expected name = number, found '${trimmed}'`, col);
    const value = Number(m[2].replace('−', '-'));
    if (!Number.isFinite(value)) throw new ParseError(`'${m[2]}' is not a number`, col);
    out.set(m[1], value);
  }
  return out;
}

// ---- numbers from the engine ---------------------------------------------------------------

/** The part of the engine the explorer uses (structural, so tests can pass the real engine). */
export interface EngineTensor {
  grad: EngineTensor | null;
  add(o: EngineTensor | number): EngineTensor;
  sub(o: EngineTensor | number): EngineTensor;
  mul(o: EngineTensor | number): EngineTensor;
  div(o: EngineTensor | number): EngineTensor;
  neg(): EngineTensor;
  pow(e: number): EngineTensor;
  exp(): EngineTensor;
  log(): EngineTensor;
  tanh(): EngineTensor;
  relu(): EngineTensor;
  sigmoid(): EngineTensor;
  backward(): void;
  item(): Promise<number>;
}
export interface ExplorerEngine {
  tensor(data: number | number[], opts?: { requiresGrad?: boolean }): EngineTensor;
}

export interface Evaluated {
  values: number[];
  grads: number[];
}

/**
 * Forward and backward with the engine. Every node gets a zero-valued "probe" leaf added to it;
 * the engine's gradient for a probe is exactly d(output)/d(node), so intermediate gradients come
 * from the same backward() call that fills the variables' gradients.
 */
export async function evaluateGraph(
  engine: ExplorerEngine,
  graph: Graph,
  values: Map<string, number>,
): Promise<Evaluated> {
  const t: EngineTensor[] = [];
  const probes: EngineTensor[] = [];
  for (const n of graph.nodes) {
    const probe = engine.tensor([0], { requiresGrad: true });
    probes.push(probe);
    const [a, b] = n.inputs.map((i) => t[i]);
    let out: EngineTensor;
    switch (n.op) {
      case 'var': {
        const v = values.get(n.label);
        if (v === undefined) throw new Error(`give ${n.label} a value`);
        out = engine.tensor([v], { requiresGrad: true });
        break;
      }
      case 'const': out = engine.tensor([Number(n.label.replace('−', '-'))]); break;
      case 'neg': out = a.neg(); break;
      case '+': out = a.add(b); break;
      case '-': out = a.sub(b); break;
      case '*': out = a.mul(b); break;
      case '/': out = a.div(b); break;
      case 'pow': out = a.pow(n.exponent!); break;
      case 'exp': out = a.exp(); break;
      case 'log': out = a.log(); break;
      case 'tanh': out = a.tanh(); break;
      case 'relu': out = a.relu(); break;
      case 'sigmoid': out = a.sigmoid(); break;
    }
    t.push(out.add(probe));
  }
  t[graph.output].backward();
  const vals = await Promise.all(t.map((x) => x.item()));
  const grads = await Promise.all(probes.map((p) => (p.grad ? p.grad.item() : Promise.resolve(0))));
  return { values: vals, grads };
}

/** Why a node's number is not finite, in words, or null when it is fine. */
export function explainNonFinite(graph: Graph, values: number[], id: number): string | null {
  const n = graph.nodes[id];
  const v = values[id];
  if (Number.isFinite(v)) return null;
  const ins = n.inputs.map((i) => values[i]);
  if (n.inputs.some((i) => !Number.isFinite(values[i]))) return 'an input is already not finite, and it carries through';
  if (n.op === '/' && ins[1] === 0) {
    return ins[0] === 0
      ? '0 ÷ 0 has no value (NaN): the limit depends on how you approach it'
      : `dividing ${formatValue(ins[0])} by 0 has no finite value; float32 arithmetic calls it ${v > 0 ? '∞' : '−∞'}`;
  }
  if (n.op === 'log') return ins[0] === 0 ? 'log(0) is −∞: the logarithm falls without bound near 0' : 'log of a negative number is not a real number (NaN)';
  if (n.op === 'exp') return 'exp of a large number overflows float32 (largest ≈ 3.4 × 10³⁸)';
  if (n.op === 'pow') return 'this power has no real value here (a negative base to a fractional power, or 0 to a negative power)';
  return 'the result overflows float32';
}
