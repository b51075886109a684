// The training studio's half of the model service (served by model.worker.ts beside forward and
// generate): runs a TrainingSession on the backend the service chose, keeps its checkpoints in this
// browser's IndexedDB as "Your model" (so every chapter's model picker offers it, and a reload can
// resume; the reader's own text is kept beside it; nothing leaves the machine), and carries a run
// over to the CPU when the GPU device is lost.
import { del, get, set } from 'idb-keyval';
import { fetchText, loadCheckpoint, setBackend, setCpuThreads, type BackendName, type BackendChoice, currentBackend } from '../engine/index';
import type { CallContext } from '../lib/worker';
import { TrainingSession, checkpointSettings, describeText, weightsHash, type DataDescription, type RunEnd, type SessionSummary, type StepProgress } from './training';
import { parameterCount, type DatasetChoice, type StudioConfig } from './trainingPlan';
import { deleteYourModel, loadYourModel, saveYourModel } from './yours';

const TEXT_KEY = 'studio:own-text';
const DATASET_NAMES: Record<DatasetChoice, string> = { moby: 'Moby Dick', names: 'names', own: 'your text' };

let session: TrainingSession | null = null;
/** The text the live session trains on. */
let sessionText = '';
/** The newest checkpoint with a finite loss (also in IndexedDB): the device-loss and NaN fallback. */
let lastGood: Uint8Array | null = null;
const texts = new Map<string, Promise<string>>();

/**
 * Lets large CPU matmuls use every core, where the page is cross-origin isolated (one thread
 * elsewhere). A pool that fails to start (e.g. a browser refusing blob workers) leaves one thread:
 * slower, same results. Resolves to the thread count.
 */
export const useEveryCore = (): Promise<number> => setCpuThreads(Math.max(1, globalThis.navigator?.hardwareConcurrency || 1)).catch(() => 1);

/** Where the page's built-in datasets are (absolute URLs: the worker has no page base). */
export type DataUrls = Record<Exclude<DatasetChoice, 'own'>, string>;

export type TrainingEvent =
  | { kind: 'start'; summary: SessionSummary; backend: BackendName }
  | ({ kind: 'step' } & StepProgress)
  | { kind: 'notice'; message: string; backend: BackendName };

export interface TrainArgs {
  /** new: a fresh run from `config`; resume: the live run, else the saved checkpoint. */
  mode: 'new' | 'resume';
  config?: StudioConfig;
  /** Settings to change when resuming (e.g. a lower learning rate, more steps). */
  changes?: Partial<StudioConfig>;
  /** The reader's own text, for dataset 'own'. */
  text?: string;
  dataUrls: DataUrls;
}

export interface SavedRun {
  summary: SessionSummary;
  hash: string;
}

async function textFor(dataset: DatasetChoice, urls: DataUrls, own?: string): Promise<string> {
  if (dataset === 'own') {
    const text = own ?? (await get<string>(TEXT_KEY));
    if (text === undefined) throw new Error('The text this run was trained on is no longer stored here; paste it again to continue');
    return text;
  }
  let p = texts.get(dataset);
  if (!p) {
    p = fetchText(urls[dataset]);
    texts.set(dataset, p);
    p.catch(() => texts.delete(dataset));
  }
  return p;
}

function backend(): BackendName {
  return currentBackend().name;
}

async function storeCheckpoint(bytes: Uint8Array, label?: string): Promise<void> {
  lastGood = bytes;
  const c = session?.config;
  const step = loadCheckpoint(bytes).step;
  await saveYourModel(bytes, { step, label: label ?? (c ? `${DATASET_NAMES[c.dataset]}, ${c.nLayer} layers × ${c.nHead} heads × ${c.nEmbd}` : 'trained in the studio') });
}

/** A summary of a checkpoint without building its model. */
function summarize(bytes: Uint8Array): SessionSummary {
  const ckpt = loadCheckpoint(bytes);
  const s = checkpointSettings(ckpt);
  const vocabSize = ckpt.tokenizer?.vocabSize ?? 0;
  return {
    config: s.config,
    step: ckpt.step,
    curve: s.curve.filter((p) => p.step <= ckpt.step),
    samples: s.samples.filter((p) => p.step <= ckpt.step),
    tokensSeen: s.tokensSeen ?? ckpt.step * s.config.batchSize * s.config.blockSize,
    vocabSize,
    parameters: parameterCount(s.config, vocabSize),
    trainTokens: 0,
    valTokens: 0,
  };
}

/**
 * The studio's calls. `chooseBackend` is the service's one backend choice for this worker (made once,
 * `?backend=` honoured); `cpu` is where a run continues when the GPU device is lost.
 */
export function studioApi(chooseBackend: (search: string) => Promise<BackendChoice>, cpu = currentBackend()) {
  let choice: BackendChoice | null = null;
  const isDeviceLoss = async (): Promise<boolean> => {
    const gpu = choice?.webgpu;
    return backend() === 'webgpu' && !!gpu && (gpu.isLost || (await gpu.lostWithin(2000)));
  };
  return {
    /** The backend (which and why), and the saved run the reader can continue. */
    async openStudio(args: { search: string }): Promise<{ backend: BackendName; reason: string; saved: SavedRun | null; ownText: string | null }> {
      choice = await chooseBackend(args.search);
      const bytes = await loadYourModel();
      let saved: SavedRun | null = null;
      if (bytes) {
        try {
          saved = { summary: summarize(bytes), hash: weightsHash(bytes) };
        } catch {
          // Not a run the studio can continue (e.g. weights without settings): nothing to offer.
        }
      }
      // A saved run on the reader's own text shows that text again (it never left this browser).
      const ownText = saved?.summary.config.dataset === 'own' ? ((await get<string>(TEXT_KEY)) ?? null) : null;
      return { backend: backend(), reason: choice.reason, saved, ownText };
    },

    /** Size of a dataset and its split, before any tokenizer: what the reader sees before Start. */
    async describeData(args: { dataset: DatasetChoice; text?: string; dataUrls: DataUrls }): Promise<DataDescription> {
      const text = await textFor(args.dataset, args.dataUrls, args.text ?? '');
      return describeText(text, args.dataset);
    },

    async train(args: TrainArgs, ctx: CallContext<TrainingEvent>): Promise<{ end: RunEnd; summary: SessionSummary; hash: string }> {
      if (args.mode === 'new') {
        if (!args.config) throw new Error('train: a new run needs its settings');
        session = null;
        const text = await textFor(args.config.dataset, args.dataUrls, args.text);
        session = TrainingSession.create(text, args.config, backend());
        sessionText = text;
        if (args.config.dataset === 'own') await set(TEXT_KEY, text);
      } else if (!session || (args.changes && Object.keys(args.changes).length)) {
        const bytes = lastGood ?? (await loadYourModel());
        if (!bytes) throw new Error('There is no saved run to resume: press Start');
        const dataset = checkpointSettings(loadCheckpoint(bytes)).config.dataset;
        const text = session && sessionText && dataset === session.config.dataset ? sessionText : await textFor(dataset, args.dataUrls, args.text);
        session = TrainingSession.resume(bytes, text, args.changes, backend());
        sessionText = text;
      }
      ctx.progress({ kind: 'start', summary: session.summary(), backend: backend() });
      const run = (s: TrainingSession) =>
        s.run({
          signal: ctx.signal,
          onProgress: (p) => ctx.progress({ kind: 'step', ...p }),
          onCheckpoint: (bytes) => storeCheckpoint(bytes),
        });
      let end: RunEnd;
      for (;;) {
        try {
          end = await run(session);
          break;
        } catch (e) {
          if (!(await isDeviceLoss()) || !lastGood) throw e;
          const lostAt = session.step;
          setBackend(cpu);
          const threads = await useEveryCore();
          session = TrainingSession.resume(lastGood, sessionText, {}, 'cpu');
          const cores = threads > 1 ? ` (${threads} threads)` : '';
          ctx.progress({ kind: 'notice', backend: 'cpu', message: `The GPU device was lost at step ${lostAt}; training continues on the CPU${cores} from the checkpoint at step ${session.step}.` });
        }
      }
      const summary = session.summary();
      // A diverged session holds broken weights: the next resume starts from the last good checkpoint.
      if (end.reason === 'diverged') session = null;
      return { end, summary, hash: lastGood ? weightsHash(lastGood) : '' };
    },

    /** Saves the live run now (the page is being hidden or closed). */
    async checkpoint(): Promise<number | null> {
      if (!session) return null;
      await storeCheckpoint(await session.save());
      return session.step;
    },

    /** The run as a safetensors file (the CLI resumes from it with `npm run train -- --resume --out FILE`). */
    async exportFile(): Promise<{ bytes: Uint8Array; step: number; hash: string }> {
      const bytes = session ? await session.save() : (lastGood ?? (await loadYourModel()));
      if (!bytes) throw new Error('There is nothing to export yet: train a few steps first');
      return { bytes, step: loadCheckpoint(bytes).step, hash: weightsHash(bytes) };
    },

    /** Takes a checkpoint from the CLI or an export, makes it the current (and saved) run. */
    async importFile(args: { bytes: Uint8Array; name: string; text?: string; dataUrls: DataUrls }): Promise<SavedRun> {
      let dataset: DatasetChoice;
      try {
        dataset = checkpointSettings(loadCheckpoint(args.bytes)).config.dataset;
      } catch (e) {
        throw new Error(`This file is not a checkpoint the studio can read: ${(e as Error).message}`);
      }
      const text = await textFor(dataset, args.dataUrls, args.text);
      const imported = TrainingSession.resume(args.bytes, text, {}, backend());
      session = imported;
      sessionText = text;
      await storeCheckpoint(args.bytes, `imported ${args.name}`);
      if (dataset === 'own') await set(TEXT_KEY, text);
      // Hashed after a trip through the model (file → GPT → file): equal to the export's hash only if every weight survived.
      return { summary: imported.summary(), hash: weightsHash(await imported.save()) };
    },

    /** Forgets the saved run (and with it "Your model"). */
    async discard(): Promise<void> {
      session = null;
      lastGood = null;
      await deleteYourModel();
      await del(TEXT_KEY);
    },
  };
}

export type StudioApi = ReturnType<typeof studioApi>;
