// The page's side of the model service: one worker per page, started on first use and shared by
// every widget, so the reference model downloads and loads once however many widgets show it.
import { connect, type ArgsOf, type CallOptions, type ProgressOf, type ResultOf, type WorkerClient } from '../lib/worker';
import { url } from '../lib/url';
import type { ModelWorkerApi } from './model.worker';
import type { SftApi } from './finetune';
import type { StudioApi } from './studio';
import type { RlhfApi } from './rlhf';
import type {
  EmbeddingsResult,
  Encoded,
  ForwardRequest,
  ForwardResult,
  GenerateProgress,
  GenerateRequest,
  GenerateResult,
  ModelChoice,
  ModelInfo,
  ModelSource,
  NextTokenRequest,
  NextTokenResult,
} from './protocol';

export const REFERENCE_MODEL_URL = '/models/reference/model.safetensors';
/** Loading and single forwards finish well within this on a CPU; past it the worker is stuck. */
const CALL_LIMIT_MS = 120_000;

export class ModelServiceClient {
  private readonly worker: WorkerClient<ModelWorkerApi>;
  private started: ReturnType<WorkerClient<ModelWorkerApi>['call']> | null = null;
  private loads = new Map<string, Promise<ModelInfo>>();

  constructor(create: () => Worker) {
    this.worker = connect<ModelWorkerApi>(create, { timeoutMs: CALL_LIMIT_MS });
  }

  /** The backend the service computes on, and why (the backend badge's wording). */
  backend(): Promise<{ backend: 'cpu' | 'webgpu'; reason: string }> {
    if (!this.started || !this.worker.started) {
      this.loads.clear();
      this.started = this.worker.call('init', {
        referenceUrl: new URL(url(REFERENCE_MODEL_URL), location.href).href,
        search: location.search,
      });
    }
    return this.started as Promise<{ backend: 'cpu' | 'webgpu'; reason: string }>;
  }

  /** Loads a model (the reference one only once per page); rejects with a message a reader can act on. */
  async load(source: ModelSource): Promise<ModelInfo> {
    await this.backend();
    if (source.kind !== 'reference') return this.worker.call('load', { source });
    let p = this.loads.get('reference');
    if (!p) {
      p = this.worker.call('load', { source });
      this.loads.set('reference', p);
      p.catch(() => this.loads.delete('reference'));
    }
    return p;
  }

  /** The model a picker names. */
  choose(choice: ModelChoice): Promise<ModelInfo> {
    return this.load({ kind: choice });
  }

  /** The text's tokens as a forward sees them (the last blockSize), or every one with `whole`. */
  async encode(model: string, text: string, { whole = false } = {}): Promise<Encoded> {
    await this.backend();
    const { tokens, truncatedFrom } = await this.worker.call('encode', { model, text, whole });
    return truncatedFrom ? { tokens, truncatedFrom } : { tokens };
  }

  async forward(req: ForwardRequest): Promise<ForwardResult> {
    await this.backend();
    return this.worker.call('forward', req);
  }

  async nextToken(req: NextTokenRequest): Promise<NextTokenResult> {
    await this.backend();
    return this.worker.call('nextToken', req);
  }

  /** Streams each sampled token to onToken; aborting `signal` stops after the current token. */
  async generate(req: GenerateRequest, onToken?: (p: GenerateProgress) => void, signal?: AbortSignal): Promise<GenerateResult> {
    await this.backend();
    return this.worker.call('generate', req, { onProgress: onToken, signal, timeoutMs: 10 * CALL_LIMIT_MS });
  }

  async embeddings(model: string): Promise<EmbeddingsResult> {
    await this.backend();
    return this.worker.call('embeddings', { model });
  }

  /**
   * Training calls — the studio (studio.ts), RLHF (rlhf.ts), fine-tuning (finetune.ts) — all served by
   * the same worker. A run takes as long as the reader lets it, so there is no time limit unless
   * `options.timeoutMs` sets one.
   */
  studio<K extends keyof StudioApi & string>(method: K, args: ArgsOf<StudioApi[K]>, options: CallOptions<ProgressOf<StudioApi[K]>> = {}): Promise<ResultOf<StudioApi[K]>> {
    return this.untimed(method, args, options);
  }

  rlhf<K extends keyof RlhfApi & string>(method: K, args: ArgsOf<RlhfApi[K]>, options: CallOptions<ProgressOf<RlhfApi[K]>> = {}): Promise<ResultOf<RlhfApi[K]>> {
    return this.untimed(method, args, options);
  }

  async finetune<K extends keyof SftApi & string>(method: K, args: ArgsOf<SftApi[K]>, options: CallOptions<ProgressOf<SftApi[K]>> = {}): Promise<ResultOf<SftApi[K]>> {
    await this.backend();
    return this.untimed(method, args, options);
  }

  private untimed<R, P>(method: string, args: unknown, options: CallOptions<P>): Promise<R> {
    const untimedOptions = { timeoutMs: Number.POSITIVE_INFINITY, ...options };
    return this.worker.call(method as keyof ModelWorkerApi & string, args as never, untimedOptions as never) as Promise<R>;
  }

  /** Ends a stuck worker; the next call starts a fresh one (and reloads models). */
  restart(): void {
    this.worker.terminate('The model service was restarted');
    this.started = null;
  }
}

let shared: ModelServiceClient | null = null;

/** The page's one model service. */
export function modelService(): ModelServiceClient {
  shared ??= new ModelServiceClient(
    () => new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module', name: 'models' }),
  );
  return shared;
}
