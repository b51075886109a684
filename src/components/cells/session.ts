// The page side of the notebook: one worker for every cell on the page, runs in order, earlier
// cells run first when needed, and Stop or the time limit terminate the worker (the only way to
// end a synchronous endless loop) and start a fresh one on the next run. No DOM here: page.ts
// binds it to the elements, tests drive it with an in-process worker.
import { WorkerTimeoutError, type WorkerClient } from '../../lib/worker';
import type { CellErrorInfo, CheckResult, CellWorkerApi, OutputEvent, RunResult } from './protocol';

/** What `data-status` says (the SPEC's hook): queued cells count as running, a stopped one as idle. */
export type CellStatus = 'idle' | 'running' | 'done' | 'error';
/** What the toolbar says: also whether a cell waits its turn, and whether the reader stopped it. */
export type CellState = CellStatus | 'queued' | 'stopped';

export function statusOfState(s: CellState): CellStatus {
  return s === 'queued' ? 'running' : s === 'stopped' ? 'idle' : s;
}

export interface CellSpec {
  id: string;
  code: string;
  check?: string;
  /** Time limit in milliseconds. */
  timeoutMs: number;
}

/** What the page shows, as a stream of changes per cell. */
export type CellUpdate =
  /** Run asked for: the output is cleared and the cell waits for the cells ahead of it. */
  | { type: 'queued' }
  /** Its code runs now. */
  | { type: 'start' }
  | { type: 'events'; events: OutputEvent[] }
  | { type: 'end'; status: CellStatus; error?: CellErrorInfo; check?: CheckResult; ms?: number }
  | { type: 'reset'; status: CellStatus; note?: string; stopped?: boolean };

export interface SessionOptions {
  /** The cell worker; started on the first run, terminated by Stop and the time limit. */
  worker: WorkerClient<CellWorkerApi>;
  /** Every cell on the page, in page order, with its current code. */
  cells: () => CellSpec[];
  update: (id: string, u: CellUpdate) => void;
}

export const DEFAULT_TIMEOUT_S = 30;

export class CellSession {
  /** Cells run in the current worker; their names live in its scope. */
  private ran = new Set<string>();
  private state = new Map<string, CellState>();
  private chain: Promise<void> = Promise.resolve();
  /** Bumped when the worker is killed; queued runs from before then are dropped. */
  private generation = 0;
  private running: { id: string; stop: () => void } | null = null;
  private listeners = new Map<string, Set<(s: CellState) => void>>();

  constructor(private opts: SessionOptions) {}

  statusOf(id: string): CellStatus {
    return statusOfState(this.stateOf(id));
  }

  stateOf(id: string): CellState {
    return this.state.get(id) ?? 'idle';
  }

  subscribe(id: string, fn: (s: CellState) => void): () => void {
    const set = this.listeners.get(id) ?? new Set();
    set.add(fn);
    this.listeners.set(id, set);
    fn(this.stateOf(id));
    return () => set.delete(fn);
  }

  private send(id: string, u: CellUpdate) {
    const s: CellState | undefined =
      u.type === 'queued' ? 'queued'
      : u.type === 'start' ? 'running'
      : u.type === 'events' ? undefined
      : u.type === 'reset' && u.stopped ? 'stopped'
      : u.status;
    if (s) {
      this.state.set(id, s);
      this.listeners.get(id)?.forEach((fn) => fn(s));
    }
    this.opts.update(id, u);
  }

  /** Runs a cell (after the earlier cells that have not run in this worker). Resolves when it ends. */
  run(id: string): Promise<void> {
    if (this.statusOf(id) === 'running') return this.chain;
    const gen = this.generation;
    this.send(id, { type: 'queued' });
    this.chain = this.chain.then(() => (gen === this.generation ? this.runWithEarlier(id) : undefined));
    return this.chain;
  }

  /** Stops whatever runs now; the worker is terminated and its state is gone. */
  stop() {
    this.running?.stop();
  }

  private async runWithEarlier(id: string) {
    const cells = this.opts.cells();
    const index = cells.findIndex((c) => c.id === id);
    if (index < 0) return;
    const earlier = cells.slice(0, index).filter((c) => !this.ran.has(c.id));
    const gen = this.generation;
    if (earlier.length) {
      const names = earlier.map((c) => `“${c.id}”`).join(', ');
      this.send(id, { type: 'events', events: [{ kind: 'note', text: `Ran the earlier cells first, since this cell may use their results: ${names}.` }] });
      for (const c of earlier) {
        if (this.statusOf(c.id) !== 'running') this.send(c.id, { type: 'queued' });
        const ok = await this.execute(c);
        if (gen !== this.generation) return;
        if (!ok) {
          this.send(id, { type: 'events', events: [{ kind: 'note', text: `The earlier cell “${c.id}” stopped with an error; names it defines may be missing.` }] });
        }
      }
    }
    await this.execute(cells[index]);
  }

  /** Runs one cell in the worker; true when its code finished without throwing. */
  private async execute(cell: CellSpec): Promise<boolean> {
    const gen = this.generation;
    const onProgress = (events: OutputEvent[]) => {
      if (gen === this.generation) this.send(cell.id, { type: 'events', events });
    };
    let stopped = false;
    this.send(cell.id, { type: 'start' });
    this.running = {
      id: cell.id,
      stop: () => {
        stopped = true;
        this.opts.worker.terminate('Stopped.');
      },
    };
    let result: RunResult;
    try {
      result = await this.opts.worker.call('run', { cellId: cell.id, code: cell.code, check: cell.check }, { onProgress, timeoutMs: cell.timeoutMs });
    } catch (e) {
      if (stopped || e instanceof WorkerTimeoutError) {
        this.running = null;
        this.restart(cell.id, stopped ? null : cell.timeoutMs);
        return false;
      }
      result = { ok: false, ms: 0, error: { name: 'Error', message: `The cell runtime failed: ${e instanceof Error ? e.message : String(e)}` } };
    }
    this.running = null;
    this.ran.add(cell.id);
    this.send(cell.id, { type: 'end', status: result.ok ? 'done' : 'error', error: result.error, check: result.check, ms: result.ms });
    return result.ok;
  }

  /**
   * Ends the worker: the stopped cell says so; cells that had run or were waiting go back to idle.
   * The reader's own Stop is not an error (the cell goes back to idle and says it was stopped);
   * running past the time limit (`limitMs`) is.
   */
  private restart(stoppedId: string, limitMs: number | null) {
    this.opts.worker.terminate();
    this.generation++;
    const restarted = 'The runtime was restarted, so variables from earlier cells are gone; the next run starts fresh and runs earlier cells again.';
    if (limitMs === null) {
      this.send(stoppedId, { type: 'reset', status: 'idle', stopped: true, note: `You stopped this cell. ${restarted}` });
    } else {
      this.send(stoppedId, {
        type: 'end',
        status: 'error',
        error: { name: 'Time limit', message: `This cell ran for ${limitMs / 1000} s, its time limit, and was stopped. ${restarted}` },
      });
    }
    for (const [id, s] of this.state) {
      if (id === stoppedId) continue;
      if (statusOfState(s) === 'running') this.send(id, { type: 'reset', status: 'idle', note: 'Not run: the runtime was stopped.' });
      else if (this.ran.has(id)) this.send(id, { type: 'reset', status: 'idle', note: 'Needs a re-run: the runtime was restarted.' });
    }
    this.ran.clear();
  }
}
