// Trains the MlpPlayground's network off the main thread. The page asks for a few steps at a
// time and redraws between answers, so it stays responsive and never queues up stale work.
import * as Comlink from 'comlink';
import { Trainer, type MlpConfig, type Snapshot, type Trace } from './mlpPlayground';
import type { LabeledPoint } from './datasets';

let trainer: Trainer | null = null;

function need(): Trainer {
  if (!trainer) throw new Error('the network is not set up yet');
  return trainer;
}

const api = {
  async configure(config: MlpConfig, points: LabeledPoint[], res: number): Promise<Snapshot> {
    trainer?.dispose();
    trainer = new Trainer(config, points);
    return trainer.snapshot(res);
  },
  async setPoints(points: LabeledPoint[], res: number): Promise<Snapshot> {
    need().setPoints(points);
    return need().snapshot(res);
  },
  async train(steps: number, res: number): Promise<Snapshot> {
    await need().train(steps);
    return need().snapshot(res);
  },
  async trace(index: number): Promise<Trace> {
    return need().trace(index);
  },
};

export type MlpWorkerApi = typeof api;
Comlink.expose(api);
