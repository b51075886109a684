// Writes src/components/widgets/SftLab/conversations.json: the toy "internet" (plain sentences) a tiny model is
// pre-trained on in chapter 11, and the conversations it is then fine-tuned on (SFT). Everything is
// generated here from the small tables below, so the data is this repository's own: CC0 / MIT,
// like the rest of the repo. Deterministic: running it again gives the same file.
//   npx tsx scripts/make-conversations.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const capitals: [string, string][] = [
  ['France', 'Paris'], ['Spain', 'Madrid'], ['Italy', 'Rome'], ['Japan', 'Tokyo'], ['Egypt', 'Cairo'],
  ['Peru', 'Lima'], ['Kenya', 'Nairobi'], ['Chile', 'Santiago'], ['Norway', 'Oslo'], ['Greece', 'Athens'],
  ['Cuba', 'Havana'], ['Poland', 'Warsaw'], ['Canada', 'Ottawa'], ['Ireland', 'Dublin'], ['Austria', 'Vienna'],
  ['Russia', 'Moscow'], ['China', 'Beijing'], ['India', 'New Delhi'], ['Brazil', 'Brasilia'], ['Mexico', 'Mexico City'],
];
const colours: [string, string][] = [
  ['the sky', 'blue'], ['grass', 'green'], ['snow', 'white'], ['coal', 'black'], ['a lemon', 'yellow'],
  ['a tomato', 'red'], ['an orange', 'orange'], ['a plum', 'purple'], ['the sea', 'blue'], ['a banana', 'yellow'],
  ['milk', 'white'], ['a crow', 'black'], ['a leaf', 'green'], ['a ruby', 'red'], ['chocolate', 'brown'],
];
const sounds: [string, string][] = [
  ['a dog', 'barks'], ['a cat', 'meows'], ['a cow', 'moos'], ['a duck', 'quacks'], ['a lion', 'roars'],
  ['a horse', 'neighs'], ['a sheep', 'bleats'], ['an owl', 'hoots'], ['a snake', 'hisses'], ['a bee', 'buzzes'],
];
const opposites: [string, string][] = [
  ['hot', 'cold'], ['big', 'small'], ['up', 'down'], ['fast', 'slow'], ['day', 'night'], ['old', 'new'],
  ['early', 'late'], ['full', 'empty'], ['open', 'closed'], ['light', 'dark'], ['wet', 'dry'], ['hard', 'soft'],
];
const words = ['cat', 'sun', 'map', 'dog', 'pen', 'cup', 'box', 'hat', 'car', 'bus', 'egg', 'ink', 'owl', 'fox', 'jam'];

export interface Conversation {
  user: string;
  assistant: string;
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** Plain declarative text: what the base model reads in "pre-training". */
export function documents(): string[] {
  const out: string[] = [];
  for (const [c, k] of capitals) out.push(`The capital of ${c} is ${k}.`, `${k} is the capital city of ${c}.`);
  for (const [t, c] of colours) out.push(`${cap(t)} is ${c}.`, `The colour of ${t} is ${c}.`);
  for (const [a, s] of sounds) out.push(`${cap(a)} ${s}.`);
  for (const [a, b] of opposites) out.push(`The opposite of ${a} is ${b}.`, `${cap(b)} is the opposite of ${a}.`);
  for (let a = 1; a <= 9; a++) for (let b = 1; b <= 9; b++) if ((a * 7 + b * 3) % 4 === 0) out.push(`${a} plus ${b} is ${a + b}.`);
  for (const w of words) out.push(`The word ${w} backwards is ${[...w].reverse().join('')}.`);
  return out;
}

/** Question-and-answer pairs about the same facts: the fine-tuning conversations. */
export function conversations(): Conversation[] {
  const out: Conversation[] = [];
  for (const [c, k] of capitals) out.push({ user: `What is the capital of ${c}?`, assistant: `The capital of ${c} is ${k}.` });
  for (const [t, c] of colours) out.push({ user: `What colour is ${t}?`, assistant: `${cap(t)} is ${c}.` });
  for (const [a, s] of sounds) out.push({ user: `What sound does ${a} make?`, assistant: `${cap(a)} ${s}.` });
  for (const [a, b] of opposites) out.push({ user: `What is the opposite of ${a}?`, assistant: `The opposite of ${a} is ${b}.` });
  for (let a = 1; a <= 9; a++) for (let b = 1; b <= 9; b++) if ((a + b) % 3 === 0) out.push({ user: `What is ${a} plus ${b}?`, assistant: `${a} plus ${b} is ${a + b}.` });
  for (const w of words) out.push({ user: `Spell ${w} backwards.`, assistant: `${cap([...w].reverse().join(''))}.` });
  out.push({ user: 'Hello!', assistant: 'Hello! How can I help?' });
  out.push({ user: 'Who are you?', assistant: 'I am a tiny assistant.' });
  out.push({ user: 'Thank you.', assistant: 'You are welcome.' });
  return out;
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const file = join(root, 'src', 'components', 'widgets', 'SftLab', 'conversations.json');
  const data = {
    licence: 'CC0-1.0 OR MIT: written by scripts/make-conversations.ts in this repository',
    description: 'A toy corpus for chapter 11: plain sentences to pre-train on, and conversations about the same facts to fine-tune on.',
    documents: documents(),
    conversations: conversations(),
  };
  writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
  console.log(`make-conversations: ${data.documents.length} sentences, ${data.conversations.length} conversations → ${file}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
