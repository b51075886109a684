// Renders a model card (card.json, written by the recipe) as Markdown for people: card.md beside it.
//   npx tsx scripts/model-card.ts public/models/reference
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HeadScore } from './reference-eval';

interface Card {
  name: string;
  file: string;
  format: string;
  bytes: number;
  data: string;
  tokenizer: { type: string; vocabSize: number; trainedOn: string };
  config: Record<string, number>;
  parameters: number;
  recipe: Record<string, unknown> & { command: string; steps: number };
  tokensSeen: number;
  trainMinutes: number;
  wallMinutes: number;
  loss: { train: number; val: number; valNatsPerToken: number; valBitsPerChar: number; valTokens: number; valChars: number; sliceNatsPerToken: number };
  curve: { step: number; train: number; val: number }[];
  heads: HeadScore[];
  samples: string[];
}

const en = (n: number) => n.toLocaleString('en');

export function renderCard(card: Card): string {
  const c = card.config;
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  return `# ${card.name}

A GPT trained by this book's own recipe (\`${card.recipe.command}\`, seeded: the same command gives the same file).

| | |
|---|---|
| File | \`${card.file}\`, ${(card.bytes / 1e6).toFixed(2)} MB (${card.format}) |
| Data | ${card.data} |
| Tokenizer | ${card.tokenizer.type}, ${en(card.tokenizer.vocabSize)} tokens, trained on ${card.tokenizer.trainedOn} |
| Model | ${c.nLayer} layers, ${c.nHead} heads, width ${c.nEmbd}, context ${c.blockSize} tokens, dropout ${c.dropout} |
| Parameters | ${en(card.parameters)} (token embeddings tied with the output layer) |
| Training | ${en(card.recipe.steps)} steps of AdamW, ${en(card.tokensSeen)} tokens seen, ${card.trainMinutes} min of training (${card.wallMinutes} min in all) on a 2-core CPU |
| Final loss (mean of random batches) | train ${card.loss.train.toFixed(3)}, validation ${card.loss.val.toFixed(3)} nats per token |
| Validation text, every window | ${card.loss.valNatsPerToken.toFixed(3)} nats per token over ${en(card.loss.valTokens)} tokens = **${card.loss.valBitsPerChar.toFixed(3)} bits per character** (${en(card.loss.valChars)} characters) |

Bits per character make it comparable with character-level models: the 812,928-parameter
character GPT of \`bench/README.md\` reaches 1.7966 nats per character on the same validation text,
which is ${(1.7966 / Math.LN2).toFixed(3)} bits per character.

## Learning curve

| step | train | validation |
|---:|---:|---:|
${card.curve.map((p) => `| ${en(p.step)} | ${p.train.toFixed(3)} | ${p.val.toFixed(3)} |`).join('\n')}

## What each head does

Mean attention weight a query puts on the previous token, the first token, and itself (validation text).

| layer | head | previous | first | self | label |
|---:|---:|---:|---:|---:|---|
${card.heads.map((h) => `| ${h.layer} | ${h.head} | ${pct(h.previous)} | ${pct(h.first)} | ${pct(h.self)} | ${h.label} |`).join('\n')}

## Samples (temperature 0.8, seeds 1–3, 120 tokens after a newline)

${card.samples.map((s) => '```text\n' + s + '\n```').join('\n\n')}
`;
}

if (process.argv[1]?.endsWith('model-card.ts')) {
  const dir = process.argv[2] ?? 'public/models/reference';
  const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as Card;
  writeFileSync(join(dir, 'card.md'), renderCard(card));
  console.log(`wrote ${join(dir, 'card.md')}`);
}
