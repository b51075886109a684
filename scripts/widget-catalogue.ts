// The widget catalogue, read from the code: every widget folder, the props its `$props()` takes
// (name, default, valid values) and the chapters that use it. docs/writing-a-chapter.md shows it as
// tables; tests/unit/widget-catalogue.test.ts fails when the tables and the code disagree.
// Usage: npx tsx scripts/widget-catalogue.ts (prints the tables to paste into the guide).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(import.meta.dirname, '..');
const widgetsDir = join(root, 'src/components/widgets');
const chaptersDir = join(root, 'src/content/chapters');
const layoutsDir = join(root, 'src/layouts');

export interface WidgetProp {
  name: string;
  /** The default as written in the code (`'neuron'`), or null when there is none. */
  default: string | null;
  required: boolean;
  /** What the prop accepts: "any text", or the literal values (`'two'`, `'one'`). */
  values: string;
}

export interface Widget {
  name: string;
  props: WidgetProp[];
  /** Chapter ids whose MDX uses the widget; "every chapter page" for one the layout places. */
  usedIn: string[];
}

/** Splits `a, b = 'x, y', c: d = { e, f }` at its top-level commas (quotes and brackets respected). */
export function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === '\\') cur += ch + s[++i];
      else {
        if (ch === quote) quote = null;
        cur += ch;
      }
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

/** Names, defaults and declared types of a component's `let { … }: T = $props()`; [] when it takes none. */
export function parseProps(source: string): { name: string; default: string | null; optional: boolean; type: string }[] {
  const m = /let\s*\{([\s\S]*?)\}\s*:\s*(\w+|\{[\s\S]*?\})\s*=\s*\$props\(\)/.exec(source);
  if (!m) {
    if (/\$props\(\)/.test(source)) throw new Error('$props() is not destructured as `let { … }: Type = $props()`');
    return [];
  }
  const [, pattern, typeRef] = m;
  const typeBody = typeRef.startsWith('{') ? typeRef.slice(1, -1) : new RegExp(`interface ${typeRef}\\s*\\{([\\s\\S]*?)\\n\\s*\\}`).exec(source)?.[1];
  if (typeBody === undefined) throw new Error(`cannot find the props type ${typeRef}`);
  const types = new Map<string, { optional: boolean; type: string }>();
  for (const t of stripComments(typeBody).matchAll(/(\w+)(\?)?\s*:\s*([^;\n]+)/g)) types.set(t[1], { optional: !!t[2], type: t[3].trim().replace(/[;,]$/, '') });
  return splitTopLevel(stripComments(pattern)).map((entry) => {
    const eq = entry.indexOf('=');
    const key = (eq < 0 ? entry : entry.slice(0, eq)).split(':')[0].trim();
    const t = types.get(key);
    if (!t) throw new Error(`prop ${key} has no type in ${typeRef}`);
    return { name: key, default: eq < 0 ? null : entry.slice(eq + 1).trim(), optional: t.optional, type: t.type };
  });
}

const quoteAll = (xs: string[]) => xs.map((x) => `'${x}'`).join(' | ');

/** The values a declared type allows, looked up in the widget's own .ts modules when it is named there. */
export async function describeType(type: string, folder: string): Promise<string> {
  if (type === 'string') return 'any text';
  if (type === 'number') return 'a number';
  if (type === 'boolean') return 'true | false';
  if (/^('[^']*'\s*\|?\s*)+$/.test(type)) return quoteAll([...type.matchAll(/'([^']*)'/g)].map((x) => x[1]));
  for (const file of readdirSync(folder).filter((f) => /^[a-z]\w*\.ts$/.test(f) && !f.endsWith('.test.ts') && !f.includes('.worker'))) {
    const src = readFileSync(join(folder, file), 'utf8');
    const def = new RegExp(`export type ${type}\\s*=\\s*([^;]+);`).exec(src);
    if (!def) continue;
    const body = def[1].trim();
    if (/^('[^']*'\s*\|?\s*)+$/.test(body)) return describeType(body, folder);
    const keys = /^keyof typeof (\w+)$/.exec(body);
    if (keys) {
      const mod = (await import(pathToFileURL(join(folder, file)).href)) as Record<string, object>;
      return quoteAll(Object.keys(mod[keys[1]]));
    }
    throw new Error(`type ${type} in ${file} is neither a union of strings nor keyof typeof a constant`);
  }
  throw new Error(`cannot list the values of type ${type}: add how to read it to scripts/widget-catalogue.ts`);
}

/** Every widget, read from src/components/widgets/<Name>/<Name>.svelte, in name order. */
export async function readWidgets(): Promise<Widget[]> {
  const chapters = readdirSync(chaptersDir).filter((f) => f.endsWith('.mdx')).sort();
  const layouts = readdirSync(layoutsDir).map((f) => readFileSync(join(layoutsDir, f), 'utf8'));
  const out: Widget[] = [];
  for (const name of readdirSync(widgetsDir).sort()) {
    const folder = join(widgetsDir, name);
    const file = join(folder, `${name}.svelte`);
    if (!existsSync(file)) throw new Error(`src/components/widgets/${name}/ has no ${name}.svelte`);
    const props: WidgetProp[] = [];
    try {
      for (const p of parseProps(readFileSync(file, 'utf8')))
        props.push({ name: p.name, default: p.default, required: !p.optional && p.default === null, values: await describeType(p.type, folder) });
    } catch (e) {
      throw new Error(`${name}.svelte: ${(e as Error).message}`);
    }
    const uses = new RegExp(`components/widgets/${name}/${name}\\.svelte`);
    const usedIn = layouts.some((l) => uses.test(l))
      ? ['every chapter page']
      : chapters.filter((c) => uses.test(readFileSync(join(chaptersDir, c), 'utf8'))).map((c) => c.replace(/\.mdx$/, ''));
    out.push({ name, props, usedIn });
  }
  return out;
}

/** The props table of the guide: one row per prop (widgets without props have none). */
export function propsTable(widgets: Widget[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = widgets.flatMap((w) =>
    w.props.map((p) => `| ${w.name} | \`${p.name}\` | ${p.default === null ? (p.required ? 'required' : '—') : `\`${cell(p.default)}\``} | ${cell(p.values)} |  |`),
  );
  return ['| Widget | Prop | Default | Valid values | Notes |', '|---|---|---|---|---|', ...rows].join('\n');
}

async function main() {
  const widgets = await readWidgets();
  console.log('| Widget | Used in | What it is |\n|---|---|---|');
  for (const w of widgets) console.log(`| ${w.name} | ${w.usedIn.join(', ') || '—'} |  |`);
  console.log(`\n${propsTable(widgets)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
