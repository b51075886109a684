import { describe, expect, it } from 'vitest';
import { backwardOrder, BOX, buildGraph, layout, type Layout } from './graph';
import { evaluateGraph, explainNonFinite } from './graphExplorer';
import { parse, parseAssignments, ParseError, readNumber, variables } from './parse';

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

  it('refuses numbers float32 cannot hold, and NaN or Infinity, in words', () => {
    expect(errorOf('2 * 1e309').message).toBe('1e309 is too large: the engine computes in float32, whose largest number is about 3.4 × 10³⁸ at column 5');
    expect(errorOf('1e39 + x').column).toBe(1);
    expect(() => parse('3e38 + x')).not.toThrow();
    expect(errorOf('x + NaN').message).toMatch(/^'NaN' \(“not a number”\) cannot be computed with.* at column 5$/);
    expect(errorOf('Infinity * x').message).toMatch(/^'Infinity' is not a finite number/);
    expect(errorOf('inf').message).toMatch(/not a finite number/);
    expect(readNumber('1e309')).toMatch(/not a finite number/);
    expect(readNumber('1e39')).toMatch(/too large/);
    expect(readNumber('NaN')).toMatch(/cannot be computed with/);
    expect(readNumber('abc')).toBe('“abc” is not a number');
    expect(readNumber('')).toMatch(/not a number/);
    expect(readNumber(' −2.5 ')).toBe(-2.5);
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

  it('lays layers out left to right, inside the drawing', () => {
    const g = buildGraph(parse('tanh(w1*x1 + w2*x2 + b)'));
    const { nodes, width, height } = layout(g);
    expect(nodes[g.output].x).toBe(width - BOX.margin - BOX.width / 2);
    for (const p of nodes) {
      expect(p.y - BOX.height / 2).toBeGreaterThanOrEqual(BOX.margin - 1e-9);
      expect(p.y + BOX.height / 2).toBeLessThanOrEqual(height - BOX.margin + 1e-9);
    }
    for (const n of g.nodes) for (const i of n.inputs) expect(nodes[i].x).toBeLessThan(nodes[n.id].x);
  });

  // Points along an edge as drawn by edgePath: cubic S-curves in the gaps, straight runs across columns.
  const sample = (pts: [number, number][]): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 1; i < pts.length; i++) {
      const [x0, y0] = pts[i - 1];
      const [x1, y1] = pts[i];
      for (let t = 0; t <= 1; t += 1 / 40) {
        if (i % 2 === 1) {
          const mx = (x0 + x1) / 2;
          const u = 1 - t;
          out.push([u * u * u * x0 + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * x1, u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1]);
        } else out.push([x0 + t * (x1 - x0), y0]);
      }
    }
    return out;
  };
  const inside = (p: [number, number], c: { x: number; y: number }) =>
    Math.abs(p[0] - c.x) < BOX.width / 2 - 0.5 && Math.abs(p[1] - c.y) < BOX.height / 2 - 0.5;
  const checkLayout = (src: string): Layout => {
    const g = buildGraph(parse(src));
    const l = layout(g);
    for (let i = 0; i < l.nodes.length; i++)
      for (let j = i + 1; j < l.nodes.length; j++) {
        const [a, b] = [l.nodes[i], l.nodes[j]];
        const apart = Math.abs(a.x - b.x) >= BOX.width || Math.abs(a.y - b.y) >= BOX.height + BOX.rowGap - 1e-6;
        expect(apart, `${src}: nodes ${g.nodes[i].label} and ${g.nodes[j].label} overlap`).toBe(true);
      }
    for (const e of l.edges)
      for (const p of sample(e.points))
        for (const n of l.nodes)
          expect(inside(p, n), `${src}: edge ${g.nodes[e.from].label}→${g.nodes[e.to].label} runs through ${g.nodes[n.id].label}`).toBe(false);
    return l;
  };

  it.each([
    'a*b + c',
    'tanh(w1*x1 + w2*x2 + b)',
    'x*x + x',
    'sigmoid(w*x + b)',
    'a / (b - 2)',
    'a*b + c*d + e',
    'x^3 - 2*x*y + y^2 + exp(-x) / (1 + x*y)',
    'tanh(tanh(a*b + c) * d + a) + relu(b - c*a)',
    '1 + 2 + 3 + 4 + 5 + 6 + x*y*z',
  ])('%s: no two boxes overlap and no edge runs through a box', (src) => {
    checkLayout(src);
  });

  it('draws one edge per use of a value, each into its own port', () => {
    const g = buildGraph(parse('x*x + x'));
    const l = checkLayout('x*x + x');
    const x = g.nodes.find((n) => n.label === 'x')!.id;
    const fromX = l.edges.filter((e) => e.from === x);
    expect(fromX.map((e) => g.nodes[e.to].label).sort()).toEqual(['+', '×', '×']);
    const ends = fromX.map((e) => e.points.at(-1)!.join(','));
    const starts = fromX.map((e) => e.points[0].join(','));
    expect(new Set(ends).size).toBe(3);
    expect(new Set(starts).size).toBe(3);
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
