// The page's side of the training worker: one request at a time, in order, so a click while a
// training chunk runs waits for it instead of racing it.
import { connect, type WorkerClient } from '../../../lib/worker';
import type { LabeledPoint } from './datasets';
import type { MlpConfig, Snapshot, Trace, View } from './mlpPlayground';
import type { MlpWorkerApi } from './mlpPlayground.worker';

export interface Session {
  configure(config: MlpConfig, points: LabeledPoint[], testPoints: LabeledPoint[], view: View): Promise<Snapshot>;
  setPoints(points: LabeledPoint[], view: View): Promise<Snapshot>;
  train(steps: number, view: View): Promise<Snapshot>;
  /** The current network drawn over another view (zooming), without training. */
  look(view: View): Promise<Snapshot>;
  trace(index: number): Promise<Trace>;
  /** Ends the worker; the next request starts a fresh one. */
  stop(): void;
}

export function startWorker(): WorkerClient<MlpWorkerApi> {
  return connect<MlpWorkerApi>(() => new Worker(new URL('./mlpPlayground.worker.ts', import.meta.url), { type: 'module' }));
}

export function createSession(worker: Pick<WorkerClient<MlpWorkerApi>, 'call' | 'terminate'> = startWorker()): Session {
  let queue: Promise<unknown> = Promise.resolve();
  function inTurn<T>(job: () => Promise<T>): Promise<T> {
    const next = queue.then(job, job);
    queue = next.catch(() => {});
    return next;
  }
  return {
    configure: (config, points, testPoints, view) => inTurn(() => worker.call('configure', { config, points, testPoints, view })),
    setPoints: (points, view) => inTurn(() => worker.call('setPoints', { points, view })),
    train: (steps, view) => inTurn(() => worker.call('train', { steps, view })),
    look: (view) => inTurn(() => worker.call('look', { view })),
    trace: (index) => inTurn(() => worker.call('trace', { index })),
    stop: () => worker.terminate(),
  };
}
