// The engine's GPT against nanoGPT in PyTorch 1.13 (tests/fixtures/gpt_golden.py): the same
// weights give the same logits, loss and gradients.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { GPT, type GPTConfig } from './gpt';
import { readSafetensors } from '../checkpoint/safetensors';
import { tensor } from '../tensor';

const file = readSafetensors(new Uint8Array(readFileSync(new URL('../../../tests/fixtures/gpt_golden.safetensors', import.meta.url))));
const golden = (name: string) => file.tensors.get('golden.' + name)!.data;

function expectClose(got: Float32Array, want: Float32Array, tol: number, what: string) {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (Math.abs(want[i]) + 1e-3));
  expect(worst, what).toBeLessThan(tol);
}

describe('GPT matches nanoGPT in PyTorch', () => {
  it('loads a nanoGPT state dict (mask buffers included) and gives the same logits, loss and gradients', async () => {
    const model = new GPT(JSON.parse(file.metadata.config) as GPTConfig);
    const weights = new Map([...file.tensors].filter(([name]) => !name.startsWith('golden.')));
    expect([...weights.keys()]).toContain('transformer.h.0.attn.bias');
    model.loadStateDict(weights);
    const idx = tensor(JSON.parse(file.metadata.idx));
    const targets = tensor(JSON.parse(file.metadata.targets));
    const { logits, loss } = model.forward(idx, targets);
    expectClose(await logits.data(), golden('logits'), 5e-4, 'logits');
    expect(Math.abs((await loss!.item()) - Number(file.metadata.loss))).toBeLessThan(1e-5);
    loss!.backward();
    for (const [name, p] of model.namedParameters()) {
      expectClose(await p.grad!.data(), golden('grad.' + name), 1e-4, `grad ${name}`);
    }
  });
});
