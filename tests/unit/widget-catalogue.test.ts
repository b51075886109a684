// The widget catalogue in docs/writing-a-chapter.md must match the code: every widget folder, the
// chapters using it, and every prop with its default and valid values (scripts/widget-catalogue.ts
// reads them from each `$props()`; `npx tsx scripts/widget-catalogue.ts` prints the tables).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseProps, readWidgets, root, splitTopLevel, type Widget } from '../../scripts/widget-catalogue';

const guide = readFileSync(join(root, 'docs/writing-a-chapter.md'), 'utf8');

/** Rows of the Markdown table whose header starts with `header`, as cells (escaped "\|" kept as "|"). */
function tableRows(header: string): string[][] {
  const lines = guide.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) throw new Error(`docs/writing-a-chapter.md has no table starting "${header}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|')));
  }
  return rows;
}

const unquote = (s: string) => s.replace(/^`(.*)`$/, '$1');
const widgets: Widget[] = await readWidgets();

describe('the widget catalogue in docs/writing-a-chapter.md', () => {
  test('lists every widget folder, with the chapters that use it and a description', () => {
    const rows = tableRows('| Widget | Used in |');
    const documented = rows.map((r) => r[0]);
    const code = widgets.map((w) => w.name);
    expect({ missing: code.filter((n) => !documented.includes(n)), extra: documented.filter((n) => !code.includes(n)) }).toEqual({ missing: [], extra: [] });
    for (const [name, usedIn, what] of rows) {
      expect(usedIn, `${name}: "Used in"`).toBe(widgets.find((w) => w.name === name)!.usedIn.join(', ') || '—');
      expect(what.length, `${name}: "What it is" is empty`).toBeGreaterThan(10);
    }
    expect(code.length).toBeGreaterThanOrEqual(23);
  });

  test('lists every prop of every widget, with its default and valid values', () => {
    const rows = tableRows('| Widget | Prop |');
    const documented = rows.map((r) => `${r[0]}.${unquote(r[1])}`);
    const code = widgets.flatMap((w) => w.props.map((p) => `${w.name}.${p.name}`));
    expect({ missing: code.filter((n) => !documented.includes(n)), extra: documented.filter((n) => !code.includes(n)) }).toEqual({ missing: [], extra: [] });
    for (const [widget, prop, def, values] of rows) {
      const p = widgets.find((w) => w.name === widget)!.props.find((q) => q.name === unquote(prop))!;
      expect(def, `${widget}.${unquote(prop)} default`).toBe(p.default === null ? (p.required ? 'required' : '—') : `\`${p.default}\``);
      expect(values, `${widget}.${unquote(prop)} valid values`).toBe(p.values);
    }
  });
});

describe('reading props from a component', () => {
  test('names, defaults with commas and quotes inside, optional and required props', () => {
    const src = `<script lang="ts">
      interface Props {
        /** A comment: with a colon. */
        text?: string;
        mode?: 'a' | 'b';
        size: number;
      }
      let { text: start = 'one, two = "three"', mode = 'a', size }: Props = $props();
    </script>`;
    expect(parseProps(src)).toEqual([
      { name: 'text', default: `'one, two = "three"'`, optional: true, type: 'string' },
      { name: 'mode', default: `'a'`, optional: true, type: `'a' | 'b'` },
      { name: 'size', default: null, optional: false, type: 'number' },
    ]);
    expect(parseProps('<script>let { id = "x" }: { id?: string } = $props();</script>')).toEqual([{ name: 'id', default: '"x"', optional: true, type: 'string' }]);
    expect(parseProps('<script>let n = $state(0);</script>')).toEqual([]);
    expect(() => parseProps('<script>const p = $props();</script>')).toThrow(/not destructured/);
    expect(splitTopLevel(`a, b = [1, 2], c = { d, e }, f = 'g, h'`)).toEqual(['a', 'b = [1, 2]', 'c = { d, e }', `f = 'g, h'`]);
  });

  test('values come from the widget code: NeuronPlayground exercises and ParamCounter presets', () => {
    const np = widgets.find((w) => w.name === 'NeuronPlayground')!;
    expect(np.props.find((p) => p.name === 'exercise')!.values).toBe(`'two-neurons' | 'one-neuron'`);
    const pc = widgets.find((w) => w.name === 'ParamCounter')!;
    expect(pc.props.find((p) => p.name === 'preset')).toMatchObject({ default: `'gpt2-small'`, values: `'gpt2-small' | 'gpt2-medium' | 'gpt2-large' | 'gpt2-xl' | 'gpt3'` });
  });
});
