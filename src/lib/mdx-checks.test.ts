// Each author mistake the chapter checks catch, compiled through MDX as the build does: the error
// names the file, the line and the fix; ChapterLink follows the course's order.
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { describe, expect, test } from 'vitest';
import { remarkMdxChecks, type MdxChecksOptions } from './mdx-checks';

const titles: Record<string, string> = { '01-neuron': 'One neuron', '02-learning': 'Learning', '07-attention': 'Attention' };

async function build(mdx: string, order = ['02-learning', '01-neuron']) {
  const warnings: string[] = [];
  const options: MdxChecksOptions = {
    order,
    title: (id) => titles[id],
    href: (id) => `/course/chapters/${id}/`,
    exercises: { NeuronPlayground: ['two-neurons', 'one-neuron'] },
    warn: (m) => warnings.push(m),
    root: '/repo',
  };
  const out = await compile({ value: mdx, path: '/repo/course/chapters/20-mine.mdx' }, { remarkPlugins: [remarkMath, [remarkMdxChecks, options]] });
  return { js: String(out), warnings };
}

const widgetImport = "import NeuronPlayground from '../../src/components/widgets/NeuronPlayground/NeuronPlayground.svelte';";

describe('ChapterLink', () => {
  test('is numbered by the course order, capitalised at the start of a sentence, with its link', async () => {
    const { js, warnings } = await build('<ChapterLink id="01-neuron" /> comes after <ChapterLink id="02-learning" />. <ChapterLink id="02-learning">the last one</ChapterLink> too.');
    expect(js).toContain('href: "/course/chapters/01-neuron/"');
    expect(js).toContain('"Chapter 2"');
    expect(js).toContain('"chapter 1"');
    expect(js).toContain('"the last one"');
    expect(warnings).toEqual([]);
  });
  test('to a chapter the course leaves out warns with file and line and shows the title unlinked', async () => {
    const { js, warnings } = await build('Intro.\n\nSee <ChapterLink id="07-attention" />.');
    expect(warnings).toEqual([
      'course/chapters/20-mine.mdx:3: <ChapterLink id="07-attention"> points to a chapter this course leaves out; the text shows its title "Attention" without a link',
    ]);
    expect(js).toContain('"Attention"');
    expect(js).not.toContain('07-attention/');
  });
  test('to a chapter that does not exist fails', async () => {
    await expect(build('Text.\n\n<ChapterLink id="07-atention" />')).rejects.toThrow('course/chapters/20-mine.mdx:3: <ChapterLink id="07-atention">: there is no chapter "07-atention"');
  });
});

describe('author mistakes stop the build with file, line and fix', () => {
  test('an Exercise without a check', async () => {
    await expect(build('# T\n\n<Exercise id="x" code={`let a = 1`}>\n  Do it.\n</Exercise>')).rejects.toThrow(
      /^course\/chapters\/20-mine\.mdx:3: <Exercise id="x"> has no check\. Add check=\{`…`\}/,
    );
  });
  test('a misspelled exercise value names the valid ones', async () => {
    await expect(build(`${widgetImport}\n\n<NeuronPlayground client:visible exercise="two-neuron" />`)).rejects.toThrow(
      'course/chapters/20-mine.mdx:3: <NeuronPlayground exercise="two-neuron">: NeuronPlayground has no exercise "two-neuron". Valid values: "two-neurons", "one-neuron".',
    );
  });
  test('a widget without client:* warns', async () => {
    const { warnings } = await build(`${widgetImport}\n\nText.\n\n<NeuronPlayground mode="one" />`);
    expect(warnings).toEqual([
      'course/chapters/20-mine.mdx:5: <NeuronPlayground> has no client:* directive, so it is drawn once and never responds to the reader — add client:visible',
    ]);
    expect((await build(`${widgetImport}\n\n<NeuronPlayground client:load />`)).warnings).toEqual([]);
  });
  test('braces in prose', async () => {
    await expect(build('The set {a, b} has two elements.')).rejects.toThrow(
      /^course\/chapters\/20-mine\.mdx:1: \{a, b\} is read as JavaScript, not text\. For literal braces in prose write \\\{ and \\\}/,
    );
  });
  test('expressions that compute with the file’s own names, globals and comments are fine', async () => {
    const { js } = await build("export const gpt3 = { width: 12288 };\n\n{/* a note */}\n\nWidth {gpt3.width.toLocaleString('en')}, √2 ≈ {Math.SQRT2.toFixed(3)}, \\{escaped\\}.");
    expect(js).toContain('gpt3.width');
  });
});
