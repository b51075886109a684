import { afterEach, describe, expect, it } from 'vitest';
import { connect, serve, type WorkerLike } from '../../lib/worker';
import { createRuntime } from './runtime';
import { CellSession, type CellSpec, type CellUpdate } from './session';
import type { CellWorkerApi } from './protocol';

let channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels) {
    c.port1.close();
    c.port2.close();
  }
  channels = [];
});

/**
 * In-process workers on the real protocol: each runs cells with the real runtime, except that code
 * containing `while (true)` never finishes (as a real endless loop would not), so Stop and the
 * time limit must end it by terminating the worker.
 */
function fakeWorkers() {
  const made: { terminated: boolean; runs: string[] }[] = [];
  const create = (): WorkerLike => {
    const runtime = createRuntime({ modules: { engine: {} } });
    const record = { terminated: false, runs: [] as string[] };
    made.push(record);
    const channel = new MessageChannel();
    channels.push(channel);
    const api: CellWorkerApi = {
      run(req, ctx) {
        record.runs.push(req.cellId);
        if (/while\s*\(true\)/.test(req.code)) return new Promise(() => {});
        return runtime.run(req, ctx.progress);
      },
    };
    serve(api, channel.port2 as never);
    channel.port1.start();
    channel.port2.start();
    return Object.assign(channel.port1, {
      terminate() {
        record.terminated = true;
        runtime.reset();
        channel.port1.close();
        channel.port2.close();
      },
    }) as never;
  };
  return { made, create };
}

function setup(cells: CellSpec[]) {
  const workers = fakeWorkers();
  const updates: [string, CellUpdate][] = [];
  const session = new CellSession({ worker: connect<CellWorkerApi>(workers.create), cells: () => cells, update: (id, u) => updates.push([id, u]) });
  const logs = (id: string) =>
    updates
      .filter(([i, u]) => i === id && u.type === 'events')
      .flatMap(([, u]) => (u as { events: { text?: string }[] }).events.map((e) => e.text));
  const last = (id: string) => updates.filter(([i]) => i === id).at(-1)?.[1];
  return { session, workers, updates, logs, last, cells };
}

const cell = (id: string, code: string, timeoutMs = 30_000): CellSpec => ({ id, code, timeoutMs });

describe('cell session', () => {
  it('runs earlier cells first and says so', async () => {
    const { session, logs, workers } = setup([cell('a', 'const sx = 20;'), cell('b', 'const sy = sx + 1;'), cell('c', 'console.log(sy * 2);')]);
    await session.run('c');
    expect(workers.made[0].runs).toEqual(['a', 'b', 'c']);
    expect(logs('c')).toEqual(['Ran the earlier cells first, since this cell may use their results: “a”, “b”.', '42']);
    expect(session.statusOf('a')).toBe('done');
    expect(session.statusOf('c')).toBe('done');
    await session.run('c');
    expect(workers.made[0].runs).toEqual(['a', 'b', 'c', 'c']);
  });

  it('Stop ends an endless loop, resets the others and the next run gets a fresh worker', async () => {
    const { session, workers, last, logs } = setup([cell('a', 'const st = 6;'), cell('loop', 'while (true) {}'), cell('c', 'console.log(st * 7);')]);
    await session.run('a');
    const looping = session.run('loop');
    await new Promise((r) => setTimeout(r, 20));
    expect(session.statusOf('loop')).toBe('running');
    const queued = session.run('c');
    // c waits behind the loop: its hook says running (in progress), its toolbar says queued.
    expect(session.stateOf('c')).toBe('queued');
    expect(session.statusOf('c')).toBe('running');
    expect(session.stateOf('loop')).toBe('running');
    session.stop();
    await looping;
    await queued;
    expect(workers.made[0].terminated).toBe(true);
    // The reader's own Stop is no error: the cell is idle, says it was stopped, and why names are gone.
    expect(session.statusOf('loop')).toBe('idle');
    expect(session.stateOf('loop')).toBe('stopped');
    expect(last('loop')).toEqual({
      type: 'reset',
      status: 'idle',
      stopped: true,
      note: 'You stopped this cell. The runtime was restarted, so variables from earlier cells are gone; the next run starts fresh and runs earlier cells again.',
    });
    expect(last('a')).toEqual({ type: 'reset', status: 'idle', note: 'Needs a re-run: the runtime was restarted.' });
    expect(session.statusOf('c')).toBe('idle');
    expect(session.stateOf('c')).toBe('idle');

    // The loop is fixed; running c now reruns a and the loop cell in a new worker.
    session['opts'].cells()[1].code = 'console.log(6 * 7);';
    await session.run('c');
    expect(workers.made.length).toBe(2);
    expect(workers.made[1].runs).toEqual(['a', 'loop', 'c']);
    expect(logs('c').at(-1)).toBe('42');
  });

  it('the time limit stops a cell and says which limit', async () => {
    const { session, workers, last } = setup([cell('slow', 'while (true) {}', 60)]);
    const t0 = Date.now();
    await session.run('slow');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(workers.made[0].terminated).toBe(true);
    expect(session.statusOf('slow')).toBe('error');
    expect(last('slow')).toMatchObject({ type: 'end', status: 'error', error: { name: 'Time limit' } });
    expect((last('slow') as { error: { message: string } }).error.message).toContain('This cell ran for 0.06 s, its time limit, and was stopped.');
  });

  it('a cell waiting for earlier cells is queued until its own code starts', async () => {
    const { session, updates } = setup([cell('a', 'const qa = 1;'), cell('b', 'console.log(qa + 1);')]);
    const seen: string[] = [];
    session.subscribe('b', (s) => seen.push(s));
    await session.run('b');
    expect(seen).toEqual(['idle', 'queued', 'running', 'done']);
    // The earlier cell was queued (output cleared) before it ran, and b started only after a ended.
    const order = updates.filter(([, u]) => u.type !== 'events').map(([id, u]) => `${id}:${u.type}`);
    expect(order).toEqual(['b:queued', 'a:queued', 'a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('reports errors and exercise checks per cell', async () => {
    const { session, last } = setup([
      { id: 'ex', code: 'const ans = 41;', check: "if (ans !== 42) return 'not 42';", timeoutMs: 30_000 },
      cell('bad', 'const q = 1;\nq();'),
    ]);
    await session.run('ex');
    expect(last('ex')).toMatchObject({ type: 'end', status: 'done', check: { pass: false, message: 'not 42' } });
    await session.run('bad');
    expect(last('bad')).toMatchObject({ type: 'end', status: 'error', error: { name: 'TypeError', line: 2 } });
  });
});
