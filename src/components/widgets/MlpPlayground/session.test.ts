import { describe, expect, test } from 'vitest';
import { createSession } from './session';
import type { MlpConfig, Snapshot } from './mlpPlayground';

const config: MlpConfig = { dataset: 'xor', noise: 0, seed: 1, trainShare: 0.5, hidden: [2], activation: 'tanh', optimizer: 'sgd', lr: 0.3 };
const view = { res: 40, extent: 1 };
const snapshot = (step: number) => ({ step }) as unknown as Snapshot;

/** A worker client whose calls finish when the test says, logging when each starts and ends. */
function fakeWorker() {
  const log: string[] = [];
  const open: { finish: (fail?: boolean) => void }[] = [];
  let terminated = 0;
  const client = {
    call(method: string, args: unknown) {
      log.push(`start ${method} ${JSON.stringify(args)}`);
      return new Promise((resolve, reject) => {
        open.push({
          finish: (fail = false) => {
            log.push(`end ${method}`);
            if (fail) reject(new Error(`${method} failed`));
            else resolve(snapshot(log.length));
          },
        });
      });
    },
    terminate: () => void terminated++,
  };
  return { client: client as never, log, open, terminations: () => terminated };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('MlpPlayground worker session', () => {
  test('requests reach the worker one at a time, in the order they were made', async () => {
    const w = fakeWorker();
    const session = createSession(w.client);
    const results = [session.configure(config, [], [], view), session.train(5, view), session.setPoints([{ x: 0.5, y: 0, label: 1 }], view), session.trace(2)];
    await tick();
    expect(w.log).toEqual(['start configure {"config":{"dataset":"xor","noise":0,"seed":1,"trainShare":0.5,"hidden":[2],"activation":"tanh","optimizer":"sgd","lr":0.3},"points":[],"testPoints":[],"view":{"res":40,"extent":1}}']);
    for (let i = 0; i < 4; i++) {
      w.open[i].finish();
      await tick();
    }
    expect(w.log.slice(1)).toEqual([
      'end configure',
      'start train {"steps":5,"view":{"res":40,"extent":1}}',
      'end train',
      'start setPoints {"points":[{"x":0.5,"y":0,"label":1}],"view":{"res":40,"extent":1}}',
      'end setPoints',
      'start trace {"index":2}',
      'end trace',
    ]);
    expect(await results[1]).toEqual(snapshot(4));
  });

  test('a failed request rejects alone; the next one still runs', async () => {
    const w = fakeWorker();
    const session = createSession(w.client);
    const failed = session.train(1, view);
    const next = session.train(2, view);
    await tick();
    w.open[0].finish(true);
    await expect(failed).rejects.toThrow('train failed');
    await tick();
    w.open[1].finish();
    await expect(next).resolves.toEqual(snapshot(4));
  });

  test('stop ends the worker', () => {
    const w = fakeWorker();
    createSession(w.client).stop();
    expect(w.terminations()).toBe(1);
  });
});
