// What travels between the page and the cell worker (the worker protocol of src/lib/worker.ts).
// Plain data only.
import type { CallContext } from '../../lib/worker';
import type { PlotSpec } from './plot-spec';
import type { Table } from './format';

export type OutputEvent =
  | { kind: 'log'; level: 'log' | 'info' | 'warn' | 'error'; text: string }
  | { kind: 'tensor'; shape: number[]; text: string }
  | ({ kind: 'table' } & Table)
  | { kind: 'text'; text: string }
  | { kind: 'plot'; plot: PlotSpec }
  /** Said by the runtime itself (auto-run earlier cells, truncated output, stopped). */
  | { kind: 'note'; text: string };

export interface RunRequest {
  cellId: string;
  code: string;
  /** Exercise check, run after `code` in the same scope. */
  check?: string;
}

export interface CellErrorInfo {
  name: string;
  message: string;
  /** 1-based line in the reader's code of the cell named by `cellId`. */
  line?: number;
  cellId?: string;
}

export interface CheckResult {
  pass: boolean;
  message: string;
}

export interface RunResult {
  ok: boolean;
  error?: CellErrorInfo;
  check?: CheckResult;
  ms: number;
}

/** The cell worker's API: output arrives as progress, in batches, while the code runs. */
export type CellWorkerApi = {
  run(req: RunRequest, ctx: CallContext<OutputEvent[]>): Promise<RunResult>;
};
