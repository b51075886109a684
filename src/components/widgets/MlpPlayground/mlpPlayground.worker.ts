// Trains the MlpPlayground's network off the main thread. The page asks for a few steps at a
// time and redraws between answers, so it stays responsive and never queues up stale work.
import { serve } from '../../../lib/worker';
import { Trainer, type MlpConfig, type Snapshot, type Trace, type View } from './mlpPlayground';
import type { LabeledPoint } from './datasets';

let trainer: Trainer | null = null;

function need(): Trainer {
  if (!trainer) throw new Error('the network is not set up yet');
  return trainer;
}

const api = {
  async configure(args: { config: MlpConfig; points: LabeledPoint[]; testPoints: LabeledPoint[]; view: View }): Promise<Snapshot> {
    trainer?.dispose();
    trainer = new Trainer(args.config, args.points, args.testPoints);
    return trainer.snapshot(args.view);
  },
  async setPoints(args: { points: LabeledPoint[]; view: View }): Promise<Snapshot> {
    need().setPoints(args.points);
    return need().snapshot(args.view);
  },
  async train(args: { steps: number; view: View }): Promise<Snapshot> {
    await need().train(args.steps);
    return need().snapshot(args.view);
  },
  async look(args: { view: View }): Promise<Snapshot> {
    return need().snapshot(args.view);
  },
  async trace(args: { index: number }): Promise<Trace> {
    return need().trace(args.index);
  },
};

export type MlpWorkerApi = typeof api;
serve(api);
