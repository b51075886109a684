// The one way the page talks to a worker (cells, widgets, the training studio, the model service).
//
//   // x.worker.ts                                   // the page
//   serve({                                          const x = connect<typeof api>(() =>
//     async train(args: { steps: number }, ctx) {      new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' }));
//       for (...) { if (ctx.signal.aborted) break;   const result = await x.call('train', { steps: 50 }, {
//                   ctx.progress({ step }); }          onProgress: (p) => …, signal, timeoutMs: 60_000 });
//     },
//   });
//
// A call is typed by the worker's own API: its arguments, its progress events and its result.
// Cancelling (an AbortSignal) reaches the worker as `ctx.signal`, so a loop can stop cleanly and keep
// its state; a call that runs past its time limit, or a worker that is stuck, is ended by
// terminating the worker (the next call starts a fresh one). Errors thrown in the worker reject the
// call with the same message and stack. Every progress event reaches the page before the result.
// Comlink carries the messages.
import * as Comlink from 'comlink';

export interface CallContext<P = never> {
  /** Sends a progress event to the caller's onProgress. */
  progress(event: P): void;
  /** Aborted when the caller cancels the call. */
  signal: AbortSignal;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Method = (args: any, ctx: CallContext<any>) => unknown;
export type WorkerApi = Record<string, Method>;
export type ArgsOf<M> = M extends (args: infer A, ...rest: never[]) => unknown ? A : never;
export type ProgressOf<M> = M extends (args: never, ctx: CallContext<infer P>) => unknown ? P : never;
export type ResultOf<M> = M extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface CallOptions<P> {
  onProgress?: (event: P) => void;
  signal?: AbortSignal;
  /** Ends the worker (and rejects) when the call takes longer; defaults to the client's; `Infinity`: no limit. */
  timeoutMs?: number;
}

/** What actually crosses the boundary. */
interface Endpoint {
  invoke(id: number, method: string, args: unknown, progress: ((event: unknown) => void) | undefined): Promise<unknown>;
  cancel(id: number): void;
}

/** The message a call's rejection carries when the worker was ended for running too long. */
export class WorkerTimeoutError extends Error {
  override name = 'WorkerTimeoutError';
}

/** What a worker listens and posts on: its global scope, a MessagePort in tests. */
export type WorkerEndpoint = Comlink.Endpoint;

/** Runs in the worker: answers calls to `api` on `endpoint` (the worker's global scope by default). */
export function serve(api: WorkerApi, endpoint: WorkerEndpoint = self as unknown as WorkerEndpoint): void {
  const running = new Map<number, AbortController>();
  const handler: Endpoint = {
    async invoke(id, method, args, progress) {
      const fn = api[method];
      if (typeof fn !== 'function') throw new Error(`The worker has no method "${method}"`);
      const controller = new AbortController();
      running.set(id, controller);
      // Progress and the result travel on different ports; waiting for the last progress event's
      // delivery keeps them in order, so the caller never sees progress after the result.
      let delivered: Promise<unknown> = Promise.resolve();
      const send = (e: unknown) => {
        if (progress) delivered = Promise.resolve(progress(e)).catch(() => {});
      };
      try {
        return await fn(args, { progress: send, signal: controller.signal });
      } finally {
        await delivered;
        running.delete(id);
      }
    },
    cancel(id) {
      running.get(id)?.abort();
    },
  };
  Comlink.expose(handler, endpoint);
}

export interface WorkerClient<API extends WorkerApi> {
  call<K extends keyof API & string>(method: K, args: ArgsOf<API[K]>, options?: CallOptions<ProgressOf<API[K]>>): Promise<ResultOf<API[K]>>;
  /** Ends the worker now; calls in flight reject, and the next call starts a new worker. */
  terminate(reason?: string): void;
  /** Whether a worker is running (it starts on the first call). */
  readonly started: boolean;
}

export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

/** Runs on the page: a client that starts the worker with `create` on first use. */
export function connect<API extends WorkerApi>(create: () => WorkerLike, defaults: { timeoutMs?: number } = {}): WorkerClient<API> {
  let worker: WorkerLike | null = null;
  let remote: Comlink.Remote<Endpoint> | null = null;
  let nextId = 1;
  const pending = new Map<number, (error: Error) => void>();

  const terminate = (reason = 'The worker was stopped') => {
    worker?.terminate();
    remote?.[Comlink.releaseProxy]?.();
    worker = null;
    remote = null;
    const rejects = [...pending.values()];
    pending.clear();
    for (const reject of rejects) reject(new Error(reason));
  };

  return {
    get started() {
      return worker !== null;
    },
    terminate,
    call(method, args, options = {}) {
      if (!remote) {
        worker = create();
        remote = Comlink.wrap<Endpoint>(worker);
      }
      const r = remote;
      const id = nextId++;
      const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
      return new Promise((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const onAbort = () => void r.cancel(id).catch(() => {});
        const done = () => {
          pending.delete(id);
          if (timer) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
        };
        pending.set(id, (e) => {
          done();
          reject(e);
        });
        if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
          timer = setTimeout(() => {
            const seconds = Math.round(timeoutMs / 100) / 10;
            done();
            reject(new WorkerTimeoutError(`"${method}" ran longer than its ${seconds} s limit, so its worker was stopped`));
            terminate(`The worker was stopped because "${method}" ran past its time limit`);
          }, timeoutMs);
        }
        if (options.signal?.aborted) onAbort();
        options.signal?.addEventListener('abort', onAbort);
        // Nothing goes back to the worker: what onProgress returns (a reactive proxy, say) never has to be cloned.
        const onProgress = options.onProgress as ((e: unknown) => void) | undefined;
        const progress = onProgress ? Comlink.proxy((e: unknown) => void onProgress(e)) : undefined;
        r.invoke(id, method, args, progress).then(
          (value) => {
            if (!pending.has(id)) return;
            done();
            resolve(value as ResultOf<API[typeof method]>);
          },
          (error: unknown) => {
            if (!pending.has(id)) return;
            done();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
  };
}
