import { describe, expect, test } from 'vitest';
import { BpeTokenizer, CharTokenizer, Trainer, manualSeed, nn, noGrad, prepareCorpus, saveCheckpoint, tensor } from '../engine/index';
import type { CallContext } from '../lib/worker';
import { IM_END, IM_SEP, IM_START, segments } from './chatTemplate';
import { sftApi, type SftProgress } from './finetune';
import { ModelService } from './service';
import { IGNORE, chatTokens, prepareExamples, questionProblem, withChatMarkers, type Conversation } from './sft';

const CAPITALS = [['France', 'Paris'], ['Spain', 'Madrid'], ['Peru', 'Lima'], ['Chile', 'Santiago'], ['Kenya', 'Nairobi'], ['Cuba', 'Havana'], ['Japan', 'Tokyo'], ['Egypt', 'Cairo']];
const CONVERSATIONS: Conversation[] = CAPITALS.map(([country, city]) => ({ user: `Capital of ${country}?`, assistant: `${city}.` }));
const SENTENCES = CAPITALS.map(([country, city]) => `The capital of ${country} is ${city}.`);

async function logitsOf(gpt: nn.GPT, ids: number[]): Promise<Float32Array> {
  return noGrad(() => gpt.forward(tensor([ids])).logits).data();
}

describe('the chat markers join the vocabulary', () => {
  test('three rows at the mean embedding; every old token keeps its logits exactly', async () => {
    manualSeed(3);
    const gpt = new nn.GPT({ vocabSize: 11, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8 });
    const grown = await withChatMarkers(gpt);
    expect(grown.config.vocabSize).toBe(14);
    expect(grown.lm_head.weight).toBe(grown.transformer.wte.weight); // still tied
    const old = await gpt.transformer.wte.weight.data();
    const wte = await grown.transformer.wte.weight.data();
    const mean = Array.from({ length: 8 }, (_, c) => Array.from({ length: 11 }, (_, r) => old[r * 8 + c]).reduce((a, b) => a + b) / 11);
    for (let m = 11; m < 14; m++) mean.forEach((v, c) => expect(wte[m * 8 + c]).toBeCloseTo(v, 6));
    const ids = [3, 1, 4, 1, 5, 9, 2, 6];
    const [before, after] = [await logitsOf(gpt, ids), await logitsOf(grown, ids)];
    for (let t = 0; t < ids.length; t++) for (let v = 0; v < 11; v++) expect(after[t * 14 + v]).toBeCloseTo(before[t * 11 + v], 5);
  });
});

describe('the loss sees only the assistant', () => {
  test("a hand-written conversation: learned are the answer's tokens and its <|im_end|>, nothing of the prompt", async () => {
    const tok = CharTokenizer.fromText('abcdefghijklmnopqrstuvwxyz ?.');
    const m = { gpt: await withChatMarkers(new nn.GPT({ vocabSize: tok.vocabSize, blockSize: 40, nLayer: 1, nHead: 1, nEmbd: 4 })), tokenizer: tok };
    const V = tok.vocabSize;
    const [ex] = prepareExamples(m, [{ user: 'hi?', assistant: 'yo.' }]).examples;
    // <s> user <sep> h i ? <e> <s> assistant <sep> y o . <e>: 1 + 4 + 1 + 3 + 1 + 1 + 9 + 1 + 3 + 1 = 25 tokens.
    expect(ex.ids).toHaveLength(24);
    const learned = ex.targets.filter((t) => t !== IGNORE);
    expect(learned).toEqual([...tok.encode('yo.'), V + 2]);
    expect(ex.targets.slice(0, 20).every((t) => t === IGNORE)).toBe(true);
    expect(ex.ids[0]).toBe(V); // <|im_start|>
    const shown = chatTokens(m, [{ role: 'user', content: 'hi?' }], true).tokens;
    expect(shown.filter((t) => t.special).map((t) => t.text)).toEqual([IM_START, IM_SEP, IM_END, IM_START, IM_SEP]);
    expect(segments([{ role: 'user', content: 'hi?' }], { open: false }).at(-1)!.text).toBe(IM_END);
  });

  test('conversations a character model cannot spell are skipped and counted; bad questions get clear messages', async () => {
    const tok = CharTokenizer.fromText('abcdefghijklmnopqrstuvwxyz ?.');
    const m = { gpt: await withChatMarkers(new nn.GPT({ vocabSize: tok.vocabSize, blockSize: 40, nLayer: 1, nHead: 1, nEmbd: 4 })), tokenizer: tok };
    const p = prepareExamples(m, [{ user: 'hi?', assistant: 'yo.' }, { user: 'Hi!', assistant: 'yo.' }, { user: 'whale', assistant: '🐋' }, { user: 'a'.repeat(30), assistant: 'b' }]);
    expect(p.examples).toHaveLength(1);
    expect(p.skipped).toEqual({ unknown: 2, tooLong: 1, characters: ['H', '!', '🐋'] });
    expect(questionProblem(m, '   ')).toBe('Type a question first.');
    expect(questionProblem(m, 'x'.repeat(100_000))).toMatch(/100,000 characters; ask in at most 300/);
    expect(questionProblem(m, 'a whale 🐋?')).toMatch(/no '🐋'/);
    expect(questionProblem(m, 'a'.repeat(26))).toMatch(/no room for an answer/);
    expect(questionProblem(m, 'hi?')).toBeNull();
    const bpe = new BpeTokenizer();
    bpe.train('the whale and the sea '.repeat(10), 270);
    expect(questionProblem({ gpt: m.gpt, tokenizer: bpe }, 'a whale 🐋?')).toBeNull(); // bytes: every character has tokens
  });
});

describe('fine-tuning through the model service', () => {
  test('a tiny pre-trained model learns the format: after SFT it answers and stops at <|im_end|>, the base does not', async () => {
    // A character GPT pre-trained on plain sentences (it has never seen a chat), saved and loaded as a reader's model would be.
    manualSeed(1);
    const text = SENTENCES.join('\n').repeat(40);
    const tok = CharTokenizer.fromText(text + CONVERSATIONS.map((c) => c.user + c.assistant).join(''));
    const gpt = new nn.GPT({ vocabSize: tok.vocabSize, blockSize: 48, nLayer: 2, nHead: 2, nEmbd: 32 });
    const pre = new Trainer(gpt, prepareCorpus(text, 'prose', 1, tok), { batchSize: 8, lr: 1e-2 });
    for (let i = 0; i < 60; i++) pre.trainStep().dispose();
    const bytes = await saveCheckpoint({ model: gpt, tokenizer: tok, step: 60 });
    const service = new ModelService({ fetchBytes: async () => bytes, loadYours: async () => bytes, referenceUrl: '' });
    const info = await service.load({ kind: 'yours' });
    const api = sftApi((id) => service.loaded(id));

    const prepared = await api.sftPrepare({ model: info.id, conversations: CONVERSATIONS });
    expect(prepared).toMatchObject({ conversations: 8, used: 8, note: null, tokenizer: { type: 'char', vocabSize: tok.vocabSize } });
    expect(prepared.pEndBase).toBeLessThan(0.05);
    const before = await api.sftAsk({ question: 'Capital of Peru?' });
    expect(before.tuned).toBeNull();
    expect(before.base.stopped).toBe(false);

    const progress: SftProgress[] = [];
    const ctx = { signal: new AbortController().signal, progress: (p: SftProgress) => progress.push(p) } as CallContext<SftProgress>;
    const result = await api.sftTrain({ steps: 80, lr: 1e-2, batchSize: 8 }, ctx);
    expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(progress[79].loss).toBeLessThan(progress[0].loss / 2);
    expect(progress[79].secondsPerStep).toBeGreaterThan(0);
    expect(result).toMatchObject({ step: 80, stopped: false });
    expect(result.pEndTuned).toBeGreaterThan(0.5);

    const after = await api.sftAsk({ question: 'Capital of Peru?' });
    expect(after.tuned!.stopped).toBe(true);
    expect(after.tuned!.tokens.at(-1)).toEqual({ id: tok.vocabSize + 2, text: IM_END, special: true });
    expect(after.base).toEqual(before.base); // the base copy never trained
    // The picked model itself is untouched: same vocabulary, same logits as the file.
    expect(service.loaded(info.id).gpt.config.vocabSize).toBe(tok.vocabSize);

    await expect(api.sftTrain({ steps: 0, lr: 1e-2, batchSize: 8 }, ctx)).rejects.toThrow('Steps must be a whole number from 1 to 2,000.');
    await expect(api.sftAsk({ question: '' })).rejects.toThrow('Type a question first.');
  }, 120_000);

  test('a run can be stopped: it keeps the steps done so far', async () => {
    manualSeed(2);
    const tok = CharTokenizer.fromText(CONVERSATIONS.map((c) => c.user + c.assistant).join(''));
    const gpt = new nn.GPT({ vocabSize: tok.vocabSize, blockSize: 48, nLayer: 1, nHead: 1, nEmbd: 8 });
    const api = sftApi(() => ({ gpt, tokenizer: tok }));
    await api.sftPrepare({ model: 'm', conversations: CONVERSATIONS });
    const controller = new AbortController();
    const ctx = { signal: controller.signal, progress: (p: SftProgress) => p.step === 3 && controller.abort() } as CallContext<SftProgress>;
    expect(await api.sftTrain({ steps: 50, lr: 1e-3, batchSize: 4 }, ctx)).toMatchObject({ step: 3, stopped: true });
    expect((await api.sftAsk({ question: 'Capital of Cuba?' })).tuned).not.toBeNull();
    await expect(api.sftPrepare({ model: 'm', conversations: [{ user: 'Über?', assistant: 'Ja.' }] })).rejects.toThrow(
      "None of the 1 conversations can be used: 1 uses characters this model's vocabulary lacks ('Ü').",
    );
  });
});
