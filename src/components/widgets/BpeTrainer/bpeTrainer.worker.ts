// Trains the reader's BPE off the main thread: `start` reads the text, `step` merges once, `train`
// merges up to a target vocabulary with progress (cancellable; the merges done so far are kept).
import { serve, type CallContext } from '../../../lib/worker';
import { TrainerSession, type TrainerView } from './bpeTrainer';

let session: TrainerSession | null = null;

function current(): TrainerSession {
  if (!session) throw new Error('No text loaded yet: start with some text first');
  return session;
}

/** Progress while training: the compression curve so far. */
export interface TrainProgress {
  merges: number;
  tokens: number;
  curve: number[];
}

const api = {
  start(args: { text: string }): TrainerView {
    session = new TrainerSession(args.text);
    return session.view();
  },
  step(): TrainerView {
    const s = current();
    s.step();
    return s.view();
  },
  async train(args: { vocabSize: number }, ctx: CallContext<TrainProgress>): Promise<TrainerView> {
    const s = current();
    let lastReport = performance.now();
    while (s.state.vocabSize < args.vocabSize && !ctx.signal.aborted && s.step()) {
      if (performance.now() - lastReport > 100) {
        lastReport = performance.now();
        ctx.progress({ merges: s.state.merges.length, tokens: s.state.tokens, curve: [...s.curve] });
        // Let a cancel message in.
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    return s.view();
  },
};

export type BpeTrainerApi = typeof api;
serve(api);
