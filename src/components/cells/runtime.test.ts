import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type CellRuntime } from './runtime';
import type { OutputEvent, RunResult } from './protocol';

/** A tensor as the cell runtime sees one: a shape and values read back asynchronously. */
class FakeTensor {
  constructor(
    readonly shape: number[],
    readonly values: number[],
    readonly requiresGrad = false,
  ) {}
  async data() {
    return Float32Array.from(this.values);
  }
}
const engine = {
  tensor: (v: number[] | number[][]) => {
    const rows = v as unknown[];
    return Array.isArray(rows[0])
      ? new FakeTensor([rows.length, (rows[0] as number[]).length], (rows as number[][]).flat())
      : new FakeTensor([rows.length], rows as number[]);
  },
  arange: (n: number) => new FakeTensor([n], Array.from({ length: n }, (_, i) => i)),
};

let runtime: CellRuntime;
afterEach(() => runtime?.reset());

async function run(code: string, cellId = 'c1', check?: string) {
  runtime ??= createRuntime({ modules: { engine } });
  const events: OutputEvent[] = [];
  const result: RunResult = await runtime.run({ cellId, code, check }, (batch) => events.push(...batch));
  const logs = events.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
  return { result, events, logs };
}

describe('cell runtime', () => {
  it('captures console output in order, with levels', async () => {
    const { result, events } = await run(`const a: number = 6;\nconsole.log('answer', a * 7);\nconsole.warn({ x: 1, y: [1, 2] });`);
    expect(result.ok).toBe(true);
    expect(events).toEqual([
      { kind: 'log', level: 'log', text: 'answer 42' },
      { kind: 'log', level: 'warn', text: '{ x: 1, y: [1, 2] }' },
    ]);
  });

  it('resolves engine imports (alias and relative paths) to the preloaded engine', async () => {
    const { result, logs } = await run(
      `import { tensor } from 'engine';\nimport * as E from '../../engine';\nconsole.log(typeof tensor, E.arange === undefined);`,
    );
    expect(result.ok).toBe(true);
    expect(logs).toEqual(['function false']);
  });

  it('pretty-prints tensors in console.log and display()', async () => {
    const { events } = await run(
      `import { tensor, arange } from 'engine';\nconsole.log(tensor([[1, 2], [3, 4.5]]));\ndisplay(arange(300));`,
    );
    expect(events[0]).toEqual({
      kind: 'log',
      level: 'log',
      text: 'tensor([[1.0000, 2.0000],\n        [3.0000, 4.5000]], shape=[2, 2])',
    });
    expect(events[1].kind).toBe('tensor');
    const big = events[1] as { shape: number[]; text: string };
    expect(big.shape).toEqual([300]);
    expect(big.text).toBe('tensor([  0.,   1.,   2., ..., 297., 298., 299.], shape=[300])');
  });

  it('displays arrays of records and plain objects as tables', async () => {
    const { events } = await run(`display([{ w: 0.5, b: -1 }, { w: 2, b: 0 }]);\ndisplay({ lr: 0.1 });\ndisplay('hi');`);
    expect(events[0]).toEqual({ kind: 'table', columns: ['w', 'b'], rows: [['0.5', '-1'], ['2', '0']], note: undefined });
    expect(events[1]).toEqual({ kind: 'table', columns: ['key', 'value'], rows: [['lr', '0.1']] });
    expect(events[2]).toEqual({ kind: 'text', text: 'hi' });
  });

  it('builds plot payloads from arrays and tensors', async () => {
    const { result, events } = await run(
      `import { arange } from 'engine';\nplot.line({ loss: [3, 2, 1.5] }, { title: 'Loss' });\nplot.scatter([[0, 1], [2, 3]], { labels: [0, 1] });\nplot.heatmap([[1, 2], [3, 4]]);\nplot.line(arange(4));\nplot.line([0, 1], { a: [1, 2], b: arange(2) });`,
    );
    expect(result.ok).toBe(true);
    expect(events.map((e) => e.kind)).toEqual(['plot', 'plot', 'plot', 'plot', 'plot']);
    const [line, scatter, heat, fromTensor, shared] = events.map((e) => (e as unknown as { plot: Record<string, unknown> }).plot);
    expect(line).toMatchObject({ type: 'line', title: 'Loss', series: [{ name: 'loss', x: [0, 1, 2], y: [3, 2, 1.5] }] });
    expect(scatter).toMatchObject({ type: 'scatter', points: [{ x: 0, y: 1, label: 0 }, { x: 2, y: 3, label: 1 }] });
    expect(heat).toMatchObject({ type: 'heatmap', values: [[1, 2], [3, 4]] });
    expect(fromTensor).toMatchObject({ series: [{ y: [0, 1, 2, 3] }] });
    expect(shared).toMatchObject({ series: [{ name: 'a', x: [0, 1], y: [1, 2] }, { name: 'b', x: [0, 1], y: [0, 1] }] });
  });

  it('reports a bad plot as an error on the line that asked for it', async () => {
    const { result } = await run(`const ys = [1, 2];\n\nplot.line([1, 2, 3], ys);`);
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ message: 'plot.line: x has 3 values but y has 2.', line: 3 });
  });

  it('reports runtime errors with the line in the reader code', async () => {
    const { result } = await run(`const a = 1;\nconst b: number[] = [];\nconst c = (null as any).boom;\n`);
    expect(result.ok).toBe(false);
    expect(result.error?.name).toBe('TypeError');
    expect(result.error?.line).toBe(3);
    expect(result.error?.cellId).toBe('c1');
  });

  it('keeps line numbers through TypeScript-only lines and multi-line imports', async () => {
    const code = `interface P {\n  x: number;\n}\nimport {\n  tensor,\n} from 'engine';\ntype Q = P;\nthrow new Error('here');`;
    const { result } = await run(code);
    expect(result.error).toMatchObject({ message: 'here', line: 8 });
  });

  it('reports syntax errors with their line', async () => {
    const { result } = await run(`const a = 1;\nconst b = ;\n`);
    expect(result.ok).toBe(false);
    expect(result.error?.name).toBe('SyntaxError');
    expect(result.error?.line).toBe(2);
  });

  it('shares top-level declarations with later cells, like a notebook', async () => {
    await run(`import { tensor } from 'engine';\nconst w = 2;\nlet count;\nfunction twice(x: number) { return x * w; }\nclass Box { v = 7 }\nconst { a, b: [bb] } = { a: 1, b: [5] };`, 'c1');
    const { result, logs } = await run(`count = twice(10);\nconsole.log(count, new Box().v, a, bb, typeof tensor);`, 'c2');
    expect(result.ok).toBe(true);
    expect(logs).toEqual(['20 7 1 5 function']);
  });

  it('lets earlier functions see later reassignments and re-runs reset names', async () => {
    await run(`let w = 1;\nconst read = () => w;`, 'c1');
    const { logs } = await run(`w = 5;\nconsole.log(read());`, 'c2');
    expect(logs).toEqual(['5']);
    const again = await run(`let w;\nconsole.log(w, read());`, 'c3');
    expect(again.logs).toEqual(['undefined undefined']);
  });

  it('supports top-level await', async () => {
    const { result, logs } = await run(`const v = await new Promise<number>((r) => setTimeout(() => r(42), 5));\nconsole.log(v);`);
    expect(result.ok).toBe(true);
    expect(logs).toEqual(['42']);
  });

  it('routes logs from a function defined in an earlier cell to the running cell', async () => {
    await run(`function hello() { console.log('hi from c1'); }`, 'c1');
    const { logs } = await run(`hello();`, 'c2');
    expect(logs).toEqual(['hi from c1']);
  });

  it('points at the earlier cell when the error happens inside its function', async () => {
    await run(`function fail() {\n  throw new RangeError('bad');\n}`, 'c1');
    const { result } = await run(`\nfail();`, 'c2');
    expect(result.error).toMatchObject({ name: 'RangeError', cellId: 'c1', line: 2 });
  });

  it('refuses names that would break the runtime, with the line', async () => {
    const { result } = await run(`const ok = 1;\nconst Math = 2;`);
    expect(result.error).toMatchObject({ line: 2 });
    expect(result.error?.message).toContain("'Math'");
  });

  it('explains imports it cannot provide', async () => {
    const { result } = await run(`\nimport fs from 'fs';`);
    expect(result.error?.message).toContain("only from 'engine'");
    expect(result.error?.line).toBe(2);
  });

  it('runs exercise checks after the code, in the same scope', async () => {
    const check = `if (answer !== 42) return 'answer should be 42, got ' + answer;`;
    const fail = await run(`const answer = 41;`, 'ex', check);
    expect(fail.result.ok).toBe(true);
    expect(fail.result.check).toEqual({ pass: false, message: 'answer should be 42, got 41' });
    const pass = await run(`const answer = 6 * 7;`, 'ex', check);
    expect(pass.result.check?.pass).toBe(true);
    const thrown = await run(`const answer = 0;`, 'ex', `throw new Error('Use the weights.');`);
    expect(thrown.result.check).toEqual({ pass: false, message: 'Use the weights.' });
    const broken = await run(`throw new Error('x')`, 'ex', check);
    expect(broken.result.ok).toBe(false);
    expect(broken.result.check?.pass).toBe(false);
  });

  it('caps a runaway log loop', async () => {
    const { result, events } = await run(`for (let i = 0; i < 5000; i++) console.log(i);`);
    expect(result.ok).toBe(true);
    expect(events.length).toBe(1001);
    expect(events.at(-1)).toEqual({ kind: 'note', text: 'Output stopped after 1000 entries.' });
  });

  it('makes a promise the code rejected and never awaited the cell\'s error, with its line', async () => {
    // Node reports it as the worker does (a later task): the host hands it to the runtime.
    runtime ??= createRuntime({ modules: { engine } });
    const host = (reason: unknown) => {
      if (!runtime.unhandledRejection(reason)) throw reason;
    };
    process.on('unhandledRejection', host);
    try {
      const { result, logs } = await run(`console.log('before');\nPromise.reject(new Error('lost'));\nconsole.log('after');`);
      expect(logs).toEqual(['before', 'after']);
      expect(result.ok).toBe(false);
      expect(result.error?.name).toBe('Error');
      expect(result.error?.message).toMatch(/^lost \(from a promise that nothing awaited/);
      expect(result.error?.line).toBe(2);
      // The next cell is not blamed for it.
      expect((await run(`console.log(1)`)).result.ok).toBe(true);
    } finally {
      process.off('unhandledRejection', host);
    }
    // Outside a run nothing is claimed: the host reports it as it would any other.
    expect(runtime.unhandledRejection(new Error('late'))).toBe(false);
  });
});
