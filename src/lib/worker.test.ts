import { afterEach, describe, expect, test } from 'vitest';
import { connect, serve, WorkerTimeoutError, type CallContext, type WorkerLike } from './worker';

const api = {
  async add(args: { a: number; b: number }) {
    return args.a + args.b;
  },
  async count(args: { to: number }, ctx: CallContext<{ i: number }>) {
    let i = 0;
    for (; i < args.to; i++) {
      if (ctx.signal.aborted) break;
      ctx.progress({ i });
      await new Promise((r) => setTimeout(r, 5));
    }
    return i;
  },
  async burst(args: { n: number }, ctx: CallContext<number>) {
    for (let i = 0; i < args.n; i++) ctx.progress(i);
    return args.n;
  },
  async fail() {
    throw new RangeError('the learning rate is NaN');
  },
  async hang() {
    await new Promise(() => {});
  },
};

let opened: MessageChannel[] = [];
afterEach(() => {
  for (const c of opened) {
    c.port1.close();
    c.port2.close();
  }
  opened = [];
});

/** A worker made of a MessageChannel: the same protocol, in one thread. */
function fakeWorker(): WorkerLike & { terminated: boolean } {
  const channel = new MessageChannel();
  opened.push(channel);
  serve(api, channel.port2 as never);
  channel.port1.start();
  channel.port2.start();
  const w = Object.assign(channel.port1, { terminated: false, terminate: () => ((w.terminated = true), channel.port1.close()) });
  return w as never;
}

describe('worker protocol', () => {
  test('typed calls return the worker result', async () => {
    const client = connect<typeof api>(fakeWorker);
    expect(client.started).toBe(false);
    expect(await client.call('add', { a: 2, b: 3 })).toBe(5);
    expect(client.started).toBe(true);
  });

  test('progress events arrive in order before the result', async () => {
    const client = connect<typeof api>(fakeWorker);
    const seen: number[] = [];
    const n = await client.call('count', { to: 4 }, { onProgress: (p) => seen.push(p.i) });
    expect(n).toBe(4);
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  test('progress sent just before the worker returns still arrives before the result', async () => {
    const client = connect<typeof api>(fakeWorker);
    const seen: number[] = [];
    const n = await client.call('burst', { n: 50 }, { onProgress: (i) => seen.push(i) });
    expect(n).toBe(50);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  test('cancelling reaches the worker as its signal and the call ends early', async () => {
    const client = connect<typeof api>(fakeWorker);
    const controller = new AbortController();
    const seen: number[] = [];
    const n = await client.call('count', { to: 1000 }, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.i);
        if (p.i === 3) controller.abort();
      },
    });
    expect(n).toBeGreaterThanOrEqual(4);
    expect(n).toBeLessThan(20);
  });

  test('errors keep their message', async () => {
    const client = connect<typeof api>(fakeWorker);
    await expect(client.call('fail', {})).rejects.toThrow('the learning rate is NaN');
  });

  test('a call past its time limit ends the worker, and the next call starts a new one', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = connect<typeof api>(() => {
      const w = fakeWorker();
      workers.push(w);
      return w;
    });
    await expect(client.call('hang', {}, { timeoutMs: 50 })).rejects.toBeInstanceOf(WorkerTimeoutError);
    expect(workers[0].terminated).toBe(true);
    expect(client.started).toBe(false);
    expect(await client.call('add', { a: 1, b: 1 })).toBe(2);
    expect(workers).toHaveLength(2);
  });

  test('a call with timeoutMs Infinity outlives the client default (a long training run)', async () => {
    const client = connect<typeof api>(fakeWorker, { timeoutMs: 20 });
    const steps: number[] = [];
    expect(await client.call('count', { to: 12 }, { timeoutMs: Number.POSITIVE_INFINITY, onProgress: (p) => steps.push(p.i) })).toBe(12);
    expect(steps).toHaveLength(12);
    await expect(client.call('hang', {})).rejects.toBeInstanceOf(WorkerTimeoutError);
  });

  test('terminate rejects calls in flight with the reason', async () => {
    const client = connect<typeof api>(fakeWorker);
    const p = client.call('hang', {});
    client.terminate('Stopped by the reader');
    await expect(p).rejects.toThrow('Stopped by the reader');
  });

  test('an unknown method is a clear error', async () => {
    const client = connect<typeof api>(fakeWorker);
    await expect(client.call('nope' as 'add', { a: 1, b: 2 })).rejects.toThrow('no method "nope"');
  });
});
