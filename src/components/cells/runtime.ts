// The execution core of the cell worker, kept free of Worker APIs so it runs in Node tests as is.
// Compiled cells run as async functions whose free names resolve on the global object, where the
// runtime defines each cell's top-level names (see transpile.ts): one shared notebook scope.
import { capture, toPlain, isTensor } from './capture';
import { formatArgs, formatSnapshot, formatTensor, toTable } from './format';
import { lineSpec, scatterSpec, heatmapSpec, type PlotSpec } from './plot-spec';
import { compileCell, CellCompileError, RUNTIME } from './transpile';
import type { CellErrorInfo, CheckResult, OutputEvent, RunRequest, RunResult } from './protocol';

const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
const PARAMS = [RUNTIME, 'console', 'display', 'plot'];

/** Output events one run may produce; more are dropped with a note (a runaway log loop stays cheap). */
export const MAX_EVENTS = 1000;
const MAX_TEXT = 20_000;
const FLUSH_EVERY = 100;
const FLUSH_MS = 50;

/** Worker attributes that make good variable names and are harmless to shadow. */
const SHADOWABLE = new Set(['name', 'origin', 'location', 'status', 'length', 'event', 'top', 'parent', 'closed']);

/**
 * Any engine-like import specifier maps to the preloaded engine: 'engine' (the book's alias),
 * relative paths to src/engine and 'src/engine/index.ts'.
 */
export function isEngineSpecifier(spec: string): boolean {
  return spec === 'engine' || /^(\.{1,2}\/)*(src\/)?engine(\/index(\.[jt]s)?)?$/.test(spec);
}

/** Line N of a cell's function source is line N - offset of the reader's code. Measured, not assumed. */
function measureLineOffset(): number {
  try {
    new Function(...PARAMS, 'throw new Error()\n//# sourceURL=cell-probe.ts')();
  } catch (e) {
    const m = /cell-probe\.ts:(\d+)/.exec((e as Error).stack ?? '');
    if (m) return Number(m[1]) - 1;
  }
  return 2;
}

class Output {
  private buffer: OutputEvent[] = [];
  private queue: Promise<void> = Promise.resolve();
  private count = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Deferred failures (a plot whose data was wrong), reported when the run ends. */
  errors: Error[] = [];
  /** Promises the reader's code rejected and nobody awaited, in the order they were noticed. */
  rejections: unknown[] = [];

  constructor(private emit: (events: OutputEvent[]) => void) {}

  /** Queues an event whose content may need tensor reads; order is kept. */
  enqueue(make: Promise<OutputEvent>) {
    this.queue = this.queue.then(() =>
      make.then(
        (ev) => this.add(ev),
        (e: unknown) => {
          this.errors.push(e instanceof Error ? e : new Error(String(e)));
        },
      ),
    );
  }

  private add(ev: OutputEvent) {
    this.count++;
    if (this.count > MAX_EVENTS) {
      if (this.count === MAX_EVENTS + 1) this.buffer.push({ kind: 'note', text: `Output stopped after ${MAX_EVENTS} entries.` });
      return;
    }
    if ('text' in ev && ev.text.length > MAX_TEXT) ev = { ...ev, text: ev.text.slice(0, MAX_TEXT) + ' …(cut)' };
    this.buffer.push(ev);
    if (this.buffer.length >= FLUSH_EVERY) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.emit(batch);
  }

  /** Waits for every queued event, then sends what is left. */
  async settle() {
    let q: Promise<void>;
    do {
      q = this.queue;
      await q;
    } while (q !== this.queue);
    this.flush();
  }
}

/** A stack frame's position in a cell, where the stack has one. */
function callerLine(stack: string | undefined, files: Map<string, string>, offset: number) {
  const re = /(cell-\d+\.ts):(\d+):\d+/g;
  for (let m = re.exec(stack ?? ''); m; m = re.exec(stack ?? '')) {
    const cellId = files.get(m[1]);
    if (cellId !== undefined) return { cellId, line: Number(m[2]) - offset };
  }
  return undefined;
}

export interface RuntimeOptions {
  /** Module namespaces cells may import, keyed by name; 'engine' is what every engine specifier gets. */
  modules: { engine: Record<string, unknown> } & Record<string, Record<string, unknown>>;
}

export interface CellRuntime {
  /** Runs one cell; `emit` receives its output in batches while it runs. */
  run(req: RunRequest, emit: (events: OutputEvent[]) => void): Promise<RunResult>;
  /**
   * The host reports a promise rejection nobody handled (the worker's `unhandledrejection`, Node's
   * `unhandledRejection`). True when a cell is running: the rejection becomes that cell's error and
   * the host should not report it further.
   */
  unhandledRejection(reason: unknown): boolean;
  /** Removes every name cells defined on the global object (tests; the page restarts the worker instead). */
  reset(): void;
}

/**
 * Hosts report unhandled rejections in a task of their own, queued when the rejecting task ends
 * (Chromium's worker dispatches it after a timer set in that task). Two timer turns later the
 * report has arrived, so a run waits that long before it ends.
 */
const afterRejectionReports = async () => {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
};

export function createRuntime({ modules }: RuntimeOptions): CellRuntime {
  const scope = globalThis as unknown as Record<string, unknown>;
  const offset = measureLineOffset();
  const files = new Map<string, string>(); // sourceURL → cell id
  const defined = new Set<string>();
  let compiled = 0;
  let current: Output | null = null;

  const builtIns = new Set<string>(PARAMS);
  for (let o: object | null = globalThis; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) if (!SHADOWABLE.has(k)) builtIns.add(k);
  }

  const resolveModule = (spec: string) => {
    if (isEngineSpecifier(spec)) return modules.engine;
    if (Object.hasOwn(modules, spec)) return modules[spec];
    throw new Error(`Cells can import only from 'engine' (the book's tensor library); '${spec}' is not available here.`);
  };

  const runtime = {
    import: resolveModule,
    importDefault: (spec: string) => {
      const m = resolveModule(spec);
      return 'default' in m ? m.default : m;
    },
    importDynamic: (spec: string) => Promise.resolve().then(() => resolveModule(spec)),
    define: (name: string, value: unknown) => {
      Object.defineProperty(scope, name, { value, writable: true, configurable: true, enumerable: true });
      defined.add(name);
    },
  };

  const declare = (name: string) => {
    if (!defined.has(name)) runtime.define(name, undefined);
  };

  const out = () => current;
  const emitLog = (level: 'log' | 'info' | 'warn' | 'error', args: unknown[]) => {
    const o = out();
    if (!o) return;
    const caps = args.map((a) => capture(a));
    o.enqueue(Promise.all(caps.map((c) => c.ready)).then(() => ({ kind: 'log', level, text: formatArgs(caps.map((c) => c.snapshot)) })));
  };
  // Stable objects: a function defined in an earlier cell logs into whichever cell is running now.
  const cellConsole = {
    log: (...a: unknown[]) => emitLog('log', a),
    info: (...a: unknown[]) => emitLog('info', a),
    debug: (...a: unknown[]) => emitLog('log', a),
    warn: (...a: unknown[]) => emitLog('warn', a),
    error: (...a: unknown[]) => emitLog('error', a),
    table: (x: unknown) => display(x),
  };

  function display(x: unknown) {
    const o = out();
    if (!o) return;
    const c = capture(x);
    o.enqueue(
      c.ready.then((): OutputEvent => {
        const s = c.snapshot;
        if (s.t === 'tensor') return { kind: 'tensor', shape: s.shape, text: formatTensor(s.shape, s.data, s.requiresGrad) };
        const table = toTable(s);
        if (table) return { kind: 'table', ...table };
        return { kind: 'text', text: formatSnapshot(s) };
      }),
    );
  }

  const plotWith = (build: (args: unknown[]) => PlotSpec) => (...args: unknown[]) => {
    const o = out();
    if (!o) return;
    const where = callerLine(new Error().stack, files, offset);
    const caps = args.map((a) => capture(a, Number.MAX_SAFE_INTEGER));
    o.enqueue(
      Promise.all(caps.map((c) => c.ready)).then((): OutputEvent => {
        try {
          return { kind: 'plot', plot: build(caps.map((c) => toPlain(c.snapshot))) };
        } catch (e) {
          throw Object.assign(e as Error, { cellLine: where });
        }
      }),
    );
  };
  const plot = { line: plotWith(lineSpec), scatter: plotWith(scatterSpec), heatmap: plotWith(heatmapSpec) };

  const describe = (e: unknown): CellErrorInfo => {
    if (e instanceof CellCompileError) return { name: e.name, message: e.message, line: e.line };
    if (e instanceof Error) {
      const at = (e as Error & { cellLine?: ReturnType<typeof callerLine> }).cellLine ?? callerLine(e.stack, files, offset);
      return { name: e.name, message: e.message, line: at?.line, cellId: at?.cellId };
    }
    return { name: 'Error', message: `Uncaught ${isTensor(e) ? 'tensor' : formatSnapshot(capture(e).snapshot, true)}` };
  };

  const build = (cellId: string, source: string, share: boolean) => {
    const c = compileCell(source, { share });
    for (const [name, line] of c.shared) {
      if (builtIns.has(name)) {
        throw new CellCompileError(`'${name}' is already a built-in name here; please choose another name.`, line);
      }
    }
    const file = `cell-${++compiled}.ts`;
    files.set(file, cellId);
    // One line of prelude, so line numbers stay the reader's.
    const prelude = `"use strict"; ${c.hoisted.map((n) => `${RUNTIME}.define(${JSON.stringify(n)}, ${n});`).join(' ')}`;
    const fn = new AsyncFunction(...PARAMS, `${prelude}${c.body}\n//# sourceURL=${file}`);
    return { fn, names: [...c.shared.keys()] };
  };

  const runCheck = async (cellId: string, check: string): Promise<CheckResult> => {
    // The check's own console stays quiet: its output is for authors, not for the reader.
    const silent = { log() {}, info() {}, debug() {}, warn() {}, error() {}, table() {} };
    try {
      const { fn } = build(`${cellId} (check)`, check, false);
      const verdict = await fn(runtime, silent, () => {}, { line() {}, scatter() {}, heatmap() {} });
      if (verdict === undefined || verdict === true) return { pass: true, message: 'Correct — well done!' };
      if (typeof verdict === 'string') return { pass: false, message: verdict };
      return { pass: false, message: 'Not quite yet — compare your result with what the exercise asks for.' };
    } catch (e) {
      return { pass: false, message: e instanceof Error ? e.message : String(e) };
    }
  };

  return {
    async run(req: RunRequest, emit): Promise<RunResult> {
      const t0 = performance.now();
      const output = new Output(emit);
      current = output;
      let result: RunResult;
      try {
        const { fn, names } = build(req.cellId, req.code, true);
        names.forEach(declare);
        await fn(runtime, cellConsole, display, plot);
        await afterRejectionReports();
        await output.settle();
        if (output.errors.length) throw output.errors[0];
        if (output.rejections.length) {
          const info = describe(output.rejections[0]);
          result = { ok: false, error: { ...info, message: `${info.message} (from a promise that nothing awaited: add \`await\` or \`.catch\`)` }, ms: 0 };
        } else {
          result = { ok: true, ms: 0 };
        }
      } catch (e) {
        await output.settle();
        result = { ok: false, error: describe(e), ms: 0 };
      }
      if (req.check !== undefined) {
        result.check = result.ok
          ? await runCheck(req.cellId, req.check)
          : { pass: false, message: 'Your code stopped with an error, so it could not be checked yet.' };
      }
      if (current === output) current = null;
      result.ms = performance.now() - t0;
      return result;
    },
    unhandledRejection(reason) {
      if (!current) return false;
      current.rejections.push(reason);
      return true;
    },
    reset() {
      for (const name of defined) delete scope[name];
      defined.clear();
    },
  };
}
