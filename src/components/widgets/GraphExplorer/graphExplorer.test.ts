import { describe, expect, it } from 'vitest';
import { backwardOrder, buildGraph, layout } from './graph';
import { evaluateGraph, explainNonFinite } from './graphExplorer';
import { parse, parseAssignments, ParseError, variables } from './parse';

function errorOf(src: string): ParseError {
  try {
    parse(src);
  } catch (e) {
    return e as ParseError;
  }
  throw new Error(`expected ${src} to fail`);
}

describe('parser', () => {
  it('respects precedence and associativity', () => {
    const g = buildGraph(parse('a*b + c'));
    expect(g.nodes[g.output].op).toBe('+');
    expect(g.nodes.map((n) => n.label)).toEqual(['a', 'b', '×', 'c', '+']);
    const p = parse('-x^2');
    expect(p.kind).toBe('neg'); // -(x^2), as in mathematics
    const q = parse('2^-1');
    expect(q).toMatchObject({ kind: 'pow', exponent: -1 });
    expect(parse('a ** 3')).toMatchObject({ kind: 'pow', exponent: 3 });
  });

  it('reads the neuron expression with functions and shared variables', () => {
    const ast = parse('tanh(w1*x1 + w2*x2 + b)');
    expect(variables(ast)).toEqual(['w1', 'x1', 'w2', 'x2', 'b']);
    const g = buildGraph(parse('x*x + x'));
    expect(g.nodes.filter((n) => n.op === 'var')).toHaveLength(1); // one node for x, used three times
  });

  it('points syntax errors at their column', () => {
    expect(errorOf('(a + b))').message).toBe("unexpected ')' at column 8");
    expect(errorOf('a * (b + ) ').column).toBe(10);
    expect(errorOf('a + ').message).toBe('unexpected end of expression at column 5');
    expect(errorOf('tanh(a').message).toBe("missing ')' at column 7");
    expect(errorOf('a $ b').message).toBe("unexpected character '$' at column 3");
    expect(errorOf('sin(a)').message).toMatch(/unknown function 'sin'.*column 1/);
    expect(errorOf('a ^ b').message).toMatch(/exponent must be a number.* column 5/);
    expect(errorOf('').message).toMatch(/empty/);
    expect(errorOf('a 😀').message).toBe("unexpected character '😀' at column 3");
  });

  it('parses variable assignments and reports bad ones', () => {
    expect([...parseAssignments('a=2, b = -3; c=10')]).toEqual([['a', 2], ['b', -3], ['c', 10]]);
    expect(() => parseAssignments('a=2, b=x')).toThrow(/not a number/);
  });
});

describe('graph', () => {
  it('orders backward from the output, each node before its inputs', () => {
    const g = buildGraph(parse('tanh(w1*x1 + w2*x2 + b)'));
    const order = backwardOrder(g);
    expect(order[0]).toBe(g.output);
    const pos = new Map(order.map((id, k) => [id, k]));
    for (const n of g.nodes) for (const i of n.inputs) expect(pos.get(n.id)!).toBeLessThan(pos.get(i)!);
  });

  it('lays layers out left to right inside the box', () => {
    const g = buildGraph(parse('tanh(w1*x1 + w2*x2 + b)'));
    const placed = layout(g, 600, 300);
    const out = placed[g.output];
    expect(out.x).toBe(560);
    for (const p of placed) {
      expect(p.y).toBeGreaterThanOrEqual(40);
      expect(p.y).toBeLessThanOrEqual(260);
    }
    for (const n of g.nodes) for (const i of n.inputs) expect(placed[i].x).toBeLessThan(placed[n.id].x);
  });
});

describe('numbers from the engine', () => {
  const run = async (src: string, vals: Record<string, number>) => {
    const g = buildGraph(parse(src));
    const r = await evaluateGraph(g, new Map(Object.entries(vals)));
    const byLabel = (label: string) => g.nodes.find((n) => n.label === label)!.id;
    return { g, r, value: (l: string) => r.values[byLabel(l)], grad: (l: string) => r.grads[byLabel(l)] };
  };

  it('a*b + c at a=2, b=-3, c=10: value 4, gradients -3, 2, 1', async () => {
    const { g, r, grad } = await run('a*b + c', { a: 2, b: -3, c: 10 });
    expect(r.values[g.output]).toBe(4);
    expect(grad('a')).toBe(-3);
    expect(grad('b')).toBe(2);
    expect(grad('c')).toBe(1);
    expect(grad('×')).toBe(1);
    expect(r.grads[g.output]).toBe(1);
  });

  it('the tanh neuron matches micrograd; a reused variable sums its paths', async () => {
    const n = await run('tanh(w1*x1 + w2*x2 + b)', { x1: 2, x2: 0, w1: -3, w2: 1, b: 6.8813735870195432 });
    expect(n.r.values[n.g.output]).toBeCloseTo(0.7071, 4);
    expect(n.grad('x1')).toBeCloseTo(-1.5, 3);
    expect(n.grad('w1')).toBeCloseTo(1.0, 3);
    expect(n.grad('x2')).toBeCloseTo(0.5, 3);
    expect(n.grad('w2')).toBeCloseTo(0, 6);
    const sq = await run('x*x + x', { x: 3 });
    expect(sq.grad('x')).toBe(7);
    const p = await run('-x^2 + 1/x', { x: 2 });
    expect(p.r.values[p.g.output]).toBeCloseTo(-3.5, 6);
    expect(p.grad('x')).toBeCloseTo(-4 - 0.25, 5);
  });

  it('constants get gradients too, and an evaluation leaves no tensor behind', async () => {
    const { memory } = await import('../../../engine');
    const before = memory().tensors;
    const { g, r } = await run('2*3 + x', { x: 1 });
    expect(r.values[g.output]).toBe(7);
    expect(r.grads[g.nodes.find((n) => n.label === '2')!.id]).toBe(3);
    expect(memory().tensors).toBe(before);
  });

  it('division by zero gives ∞ and an explanation, not a crash', async () => {
    const { g, r } = await run('a / (b - 2)', { a: 1, b: 2 });
    expect(r.values[g.output]).toBe(Infinity);
    expect(explainNonFinite(g, r.values, g.output)).toMatch(/dividing 1 by 0/);
    await expect(run('a + b', { a: 1 })).rejects.toThrow(/give b a value/);
  });
});
