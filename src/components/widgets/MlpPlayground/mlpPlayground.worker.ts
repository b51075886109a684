// Trains the MlpPlayground's network off the main thread. The page asks for a few steps at a
// time and redraws between answers, so it stays responsive and never queues up stale work.
import { serve } from '../../../lib/worker';
import { Trainer, type MlpConfig, type Snapshot, type Trace } from './mlpPlayground';
import type { LabeledPoint } from './datasets';

let trainer: Trainer | null = null;

function need(): Trainer {
  if (!trainer) throw new Error('the network is not set up yet');
  return trainer;
}

const api = {
  async configure(args: { config: MlpConfig; points: LabeledPoint[]; res: number }): Promise<Snapshot> {
    trainer?.dispose();
    trainer = new Trainer(args.config, args.points);
    return trainer.snapshot(args.res);
  },
  async setPoints(args: { points: LabeledPoint[]; res: number }): Promise<Snapshot> {
    need().setPoints(args.points);
    return need().snapshot(args.res);
  },
  async train(args: { steps: number; res: number }): Promise<Snapshot> {
    await need().train(args.steps);
    return need().snapshot(args.res);
  },
  async trace(args: { index: number }): Promise<Trace> {
    return need().trace(args.index);
  },
};

export type MlpWorkerApi = typeof api;
serve(api);
