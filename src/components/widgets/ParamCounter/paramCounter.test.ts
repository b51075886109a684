import { describe, expect, test } from 'vitest';
import { nn } from '../../../engine/index';
import { PRESETS, breakdown, parseDraft, short, toDraft, type GPTShape } from './paramCounter';

const sum = (b: ReturnType<typeof breakdown>) => b.parts.reduce((s, p) => s + p.count, 0);

describe('ParamCounter counts', () => {
  test('GPT-2 small is 124,439,808 parameters (tied head, biases included)', () => {
    const b = breakdown(PRESETS['gpt2-small'].config);
    expect(b.total).toBe(124_439_808);
    expect(sum(b)).toBe(b.total);
    expect(b.embedding).toBe(50257 * 768 + 1024 * 768);
  });

  test('GPT-3 175B: the 617,558,016 token embedding, ~58B attention, ~116B MLP, ~175B in all', () => {
    const b = breakdown(PRESETS.gpt3.config);
    const part = (k: string) => b.parts.find((p) => p.key === k)!.count;
    expect(part('tokenEmbedding')).toBe(617_558_016);
    expect(part('positionEmbedding')).toBe(25_165_824);
    expect(part('attention')).toBe(57_986_777_088);
    expect(part('mlp')).toBe(115_970_015_232);
    expect(part('layerNorm')).toBe(96 * 4 * 12288 + 2 * 12288);
    expect(b.total).toBe(174_604_259_328);
    expect(b.headSize).toBe(128);
    expect(b.untiedHead).toBe(617_558_016);
    expect(short(b.total)).toBe('175B');
  });

  test('GPT-2 medium, large and XL match the sizes of the released checkpoints', () => {
    expect(breakdown(PRESETS['gpt2-medium'].config).total).toBe(354_823_168);
    expect(breakdown(PRESETS['gpt2-large'].config).total).toBe(774_030_080);
    expect(breakdown(PRESETS['gpt2-xl'].config).total).toBe(1_557_611_200);
  });

  const small: GPTShape[] = [
    { vocabSize: 27, blockSize: 8, nLayer: 1, nHead: 1, nEmbd: 4 },
    { vocabSize: 65, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 8 },
    { vocabSize: 100, blockSize: 32, nLayer: 3, nHead: 4, nEmbd: 16 },
    { vocabSize: 1024, blockSize: 128, nLayer: 4, nHead: 4, nEmbd: 32 },
  ];
  test.each(small)('equals nn.GPT(%o).numParameters() and each part matches the modules', (cfg) => {
    const model = new nn.GPT(cfg);
    const b = breakdown(cfg);
    expect(b.total).toBe(model.numParameters());
    const count = (ts: { shape: number[] }[]) => ts.reduce((s, t) => s + t.shape.reduce((a, d) => a * d, 1), 0);
    const blocks = model.transformer.h;
    const part = (k: string) => b.parts.find((p) => p.key === k)!.count;
    expect(part('tokenEmbedding')).toBe(count(model.transformer.wte.parameters()));
    expect(part('positionEmbedding')).toBe(count(model.transformer.wpe.parameters()));
    expect(part('attention')).toBe(count(blocks.flatMap((blk) => blk.attn.parameters())));
    expect(part('mlp')).toBe(count(blocks.flatMap((blk) => blk.mlp.parameters())));
    expect(part('layerNorm')).toBe(count([...blocks.flatMap((blk) => [...blk.ln_1.parameters(), ...blk.ln_2.parameters()]), ...model.transformer.ln_f.parameters()]));
    for (const p of model.parameters()) p.dispose();
  });
});

describe('ParamCounter validation', () => {
  const good = toDraft(PRESETS['gpt2-small'].config);
  test('a preset parses back to itself', () => {
    expect(parseDraft(good).config).toEqual(PRESETS['gpt2-small'].config);
  });
  test.each([
    ['nLayer', '0', /at least 1/],
    ['nLayer', '-1', /at least 1/],
    ['nHead', '3.5', /whole number, not 3\.5/],
    ['vocabSize', '', /Enter the vocabulary size/],
    ['blockSize', 'abc', /not a number/],
    ['nEmbd', '1e9', /at most 100,000/],
  ] as const)('%s = "%s" is refused with a message on that field', (field, raw, message) => {
    const { errors } = parseDraft({ ...good, [field]: raw });
    expect(errors?.[field]).toMatch(message);
  });
  test('nEmbd not divisible by nHead names both and suggests widths', () => {
    const { errors } = parseDraft({ ...good, nEmbd: '770' });
    expect(errors?.nEmbd).toMatch(/\(770\) must be divisible by the number of heads \(12\)/);
    expect(errors?.nEmbd).toMatch(/768 or 780/);
  });
});
