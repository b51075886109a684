import { beforeAll, describe, expect, test } from 'vitest';
import { BpeTokenizer, manualSeed, nn, noGrad, saveCheckpoint, tensor } from '../engine/index';
import { ModelService, MAX_INPUT_CHARS } from './service';
import { tokenText } from './tokenText';

const TEXT = 'the whale swam in the sea. the sea was deep and the whale was white. ';
let bytes: Uint8Array;
let gpt: nn.GPT;
let tokenizer: BpeTokenizer;

beforeAll(async () => {
  manualSeed(7);
  tokenizer = new BpeTokenizer();
  tokenizer.train(TEXT.repeat(4), 280);
  gpt = new nn.GPT({ vocabSize: tokenizer.vocabSize, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 });
  gpt.eval();
  bytes = await saveCheckpoint({ model: gpt, tokenizer, step: 42 });
});

const service = (yours: Uint8Array | null = null) =>
  new ModelService({ fetchBytes: async () => bytes, loadYours: async () => yours, referenceUrl: '/models/reference/model.safetensors' });

describe('ModelService', () => {
  test('loads a checkpoint and describes it', async () => {
    const info = await service().load({ kind: 'bytes', bytes, name: 'tiny.safetensors' });
    expect(info.config).toMatchObject({ nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 16, vocabSize: tokenizer.vocabSize });
    expect(info.parameters).toBe(gpt.numParameters());
    expect(info.tokenizer).toEqual({ type: 'bpe', vocabSize: tokenizer.vocabSize });
    expect(info.step).toBe(42);
  });

  test('the reference model loads once', async () => {
    const s = service();
    const a = await s.load({ kind: 'reference' });
    const b = await s.load({ kind: 'reference' });
    expect(b.id).toBe(a.id);
  });

  test('forward equals a direct engine forward, with causal attention rows that sum to 1', async () => {
    const s = service();
    const { id } = await s.load({ kind: 'reference' });
    const text = 'the whale was deep';
    const out = await s.forward({ model: id, text, attention: true, hidden: true });
    const ids = tokenizer.encode(text);
    expect(out.tokens.map((t) => t.id)).toEqual(ids);
    expect(out.tokens.map((t) => t.text).join('')).toBe(text);
    const T = ids.length;
    const direct = noGrad(() => gpt.forward(tensor([ids])));
    const logits = await direct.logits.data();
    const V = tokenizer.vocabSize;
    for (let v = 0; v < V; v++) expect(out.lastLogits[v]).toBeCloseTo(logits[(T - 1) * V + v], 5);
    expect(out.attention).toHaveLength(2);
    for (const layer of out.attention!) {
      expect(layer.length).toBe(2 * T * T);
      for (let h = 0; h < 2; h++)
        for (let t = 0; t < T; t++) {
          const row = Array.from(layer.subarray((h * T + t) * T, (h * T + t + 1) * T));
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          for (let u = t + 1; u < T; u++) expect(row[u]).toBe(0);
        }
    }
    expect(out.hidden).toHaveLength(3);
    expect(out.hidden![0].length).toBe(T * 16);
  });

  test('long input keeps the last blockSize tokens and says how many there were', async () => {
    const s = service();
    const { id } = await s.load({ kind: 'reference' });
    const long = 'the sea was deep and white. '.repeat(10);
    const out = await s.forward({ model: id, text: long });
    expect(out.tokens).toHaveLength(16);
    expect(out.truncatedFrom).toBe(tokenizer.encode(long).length);
    expect(() => s.encode(id, 'x'.repeat(MAX_INPUT_CHARS + 1))).toThrow(/limit is 100,000/);
  });

  test('nextToken: the filtered distribution sums to 1, top-k keeps k, temperature 0 is greedy', async () => {
    const s = service();
    const { id } = await s.load({ kind: 'reference' });
    const plain = await s.nextToken({ model: id, text: 'the whale', sampling: {} });
    const rawSum = plain.top.reduce((a, t) => a + t.raw, 0) + plain.restRaw;
    expect(rawSum).toBeCloseTo(1, 6);
    const k3 = await s.nextToken({ model: id, text: 'the whale', sampling: { topK: 3 } });
    const kept = k3.top.filter((t) => t.p > 0);
    expect(kept).toHaveLength(3);
    expect(kept.reduce((a, t) => a + t.p, 0)).toBeCloseTo(1, 6);
    expect(kept.map((t) => t.id)).toEqual(plain.top.slice(0, 3).map((t) => t.id));
    const greedy = await s.nextToken({ model: id, text: 'the whale', sampling: { temperature: 0 } });
    expect(greedy.top[0].p).toBe(1);
    expect(greedy.top[0].id).toBe(plain.top[0].id);
  });

  test('generate streams tokens; the same seed gives the same text; stop ends it', async () => {
    const s = service();
    const { id } = await s.load({ kind: 'reference' });
    const seen: number[] = [];
    const a = await s.generate({ model: id, prompt: 'the', maxTokens: 12, sampling: { temperature: 1 }, seed: 3 }, (p) => {
      seen.push(p.token.id);
      expect(p.logProb).toBeLessThanOrEqual(0);
    });
    expect(a.tokens).toHaveLength(12);
    expect(seen).toEqual(a.tokens.map((t) => t.id));
    expect(a.text).toBe(tokenizer.decode(seen));
    const b = await s.generate({ model: id, prompt: 'the', maxTokens: 12, sampling: { temperature: 1 }, seed: 3 });
    expect(b.text).toBe(a.text);
    const c = await s.generate({ model: id, prompt: 'the', maxTokens: 12, sampling: { temperature: 1 }, seed: 4 });
    expect(c.text).not.toBe(a.text);
    const stopAt = a.tokens[2].text;
    const d = await s.generate({ model: id, prompt: 'the', maxTokens: 12, sampling: { temperature: 1 }, seed: 3, stop: stopAt });
    expect(d.stoppedBy).toBe('stop');
    expect(d.tokens.length).toBeLessThanOrEqual(3);
    const controller = new AbortController();
    controller.abort();
    const e = await s.generate({ model: id, prompt: 'the', maxTokens: 12, sampling: {}, seed: 3 }, undefined, controller.signal);
    expect(e.tokens).toHaveLength(0);
  });

  test('embeddings are the token and position tables', async () => {
    const s = service();
    const { id } = await s.load({ kind: 'reference' });
    const e = await s.embeddings(id);
    expect(e.wte.length).toBe(tokenizer.vocabSize * 16);
    expect(e.wpe.length).toBe(16 * 16);
    expect(Array.from(e.wte.subarray(0, 16))).toEqual(Array.from((await gpt.transformer.wte.weight.data()).subarray(0, 16)));
    expect(e.vocab[104].text).toBe('h');
  });

  test('mistakes a reader can make get messages', async () => {
    const s = service();
    await expect(s.load({ kind: 'yours' })).rejects.toThrow(/no model of your own yet/);
    await expect(s.load({ kind: 'bytes', bytes: new Uint8Array([1, 2, 3]), name: 'photo.jpg' })).rejects.toThrow(/photo.jpg is not a model checkpoint/);
    const { id } = await s.load({ kind: 'reference' });
    await expect(s.forward({ model: id, text: '' })).rejects.toThrow(/empty/);
    await expect(s.forward({ model: 'nope', text: 'a' })).rejects.toThrow(/No model is loaded/);
    await expect(s.forward({ model: id, ids: [99999] })).rejects.toThrow(/outside this model's vocabulary/);
    await expect(s.generate({ model: id, prompt: 'a', maxTokens: 0, sampling: {}, seed: 1 })).rejects.toThrow(/maxTokens/);
  });

  test('"Your model" is read from the store; a newer one replaces the old', async () => {
    const s = service(bytes);
    const a = await s.load({ kind: 'yours' });
    expect(a.name).toBe('Your model');
    const b = await s.load({ kind: 'yours' });
    expect(b.id).not.toBe(a.id);
    await expect(s.forward({ model: a.id, text: 'the' })).rejects.toThrow(/No model is loaded/);
  });

  test('partial bytes read as <0xNN>, never as a replacement character', () => {
    const t = new BpeTokenizer();
    expect(tokenText(t, 0xf0)).toBe('<0xF0>');
    expect(tokenText(t, 104)).toBe('h');
  });
});
