import { describe, expect, test } from 'vitest';
import { fromFloat32 } from '../creation';
import { gradcheck, spread } from '../testing/gradcheck';
import { logSoftmax } from './distribution';
import { advantages, policyLoss, tokenKl } from './policyLoss';

const [N, L, V] = [3, 2, 4];
const actions = [[0, 3], [2, 2], [1, 0]];
const rewards = [1.5, -0.5, 0.2];
const beta = 0.7;

/** The loss in float64, written out from its definition. */
function reference([z, zr]: Float64Array[]): Float64Array {
  const adv = advantages(rewards);
  let loss = 0;
  for (let i = 0; i < N; i++) {
    for (let t = 0; t < L; t++) {
      const at = (i * L + t) * V;
      const lp = logSoftmax(z.subarray(at, at + V));
      const lq = logSoftmax(zr.subarray(at, at + V));
      loss -= (adv[i] / N) * lp[actions[i][t]];
      for (let v = 0; v < V; v++) loss += (beta / N) * Math.exp(lp[v]) * (lp[v] - lq[v]);
    }
  }
  return Float64Array.of(loss);
}

describe('the RLHF policy loss', () => {
  test('its KL term is zero when the policy is the reference', async () => {
    const z = spread([N, L, V], -2, 2, 5);
    const kl = await tokenKl(fromFloat32(z, [N, L, V]), fromFloat32(z, [N, L, V])).data();
    expect(kl.length).toBe(N * L);
    for (const k of kl) expect(Math.abs(k)).toBeLessThan(1e-6);
    // Rewards all equal: no advantage, so the whole loss is the (zero) KL.
    const { loss } = policyLoss({ logits: fromFloat32(z, [N, L, V]), refLogits: fromFloat32(z, [N, L, V]), actions, rewards: [2, 2, 2], beta });
    expect(Math.abs(await loss.item())).toBeLessThan(1e-6);
  });

  test('matches its definition, and its gradient (REINFORCE and KL) matches finite differences', async () => {
    const r = await gradcheck((z, zr) => policyLoss({ logits: z, refLogits: zr, actions, rewards, beta }).loss, [
      { shape: [N, L, V], values: spread([N, L, V], -2, 2, 5) },
      { shape: [N, L, V], values: spread([N, L, V], -1.5, 2.5, 9) },
    ], { reference, skip: [1] });
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  test('refuses rewards or actions that do not fit the logits', () => {
    const z = fromFloat32(spread([N, L, V]), [N, L, V]);
    expect(() => policyLoss({ logits: z, refLogits: z, actions, rewards: [1, 2], beta })).toThrow(/need 3 rewards and 3 action rows of 2/);
  });
});
