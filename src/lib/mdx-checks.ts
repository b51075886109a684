// A remark plugin that runs on every chapter when it compiles: it turns <ChapterLink id="…" />
// into a link numbered by the course's order, and stops on the mistakes an author makes most,
// with the file, the line and the fix instead of a stack trace from the built page:
//   - <ChapterLink> to a chapter that does not exist (error) or that the course leaves out
//     (warning; the chapter's title is shown without a link),
//   - <Exercise> without a check,
//   - an exercise="…" value a widget does not have,
//   - a widget without a client:* directive (warning: it would render once and never respond),
//   - an {expression} in prose (MDX evaluates braces as JavaScript; text needs \{ or `code`).
// Pure: the course's facts come in as options, so tests feed it anything.

interface Position {
  start: { line: number; column: number };
}
interface Node {
  type: string;
  name?: string | null;
  value?: string;
  url?: string;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: Node[];
  position?: Position;
  data?: Record<string, unknown>;
}
interface File {
  path?: string;
  cwd?: string;
}

export interface MdxChecksOptions {
  /** Chapter ids this build has, in reading order (chapter N is index N − 1). */
  order: readonly string[];
  /** The title of any chapter that exists, listed or not; undefined for none. */
  title: (id: string) => string | undefined;
  /** The site path of a chapter, base included, e.g. "/course/chapters/02-learning/". */
  href: (id: string) => string;
  /** Valid `exercise` values per component name, e.g. { NeuronPlayground: ['one-neuron', …] }. */
  exercises: Record<string, readonly string[]>;
  /** Where warnings go (console.warn by default). */
  warn?: (message: string) => void;
  /** Path shown in messages, relative to here (the project root by default). */
  root?: string;
}

/** A build-stopping author mistake; its message already names the file, the line and the fix. */
export class ChapterError extends Error {
  override name = 'ChapterError';
}

const attr = (node: Node, name: string) => node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
const stringAttr = (node: Node, name: string): string | undefined => {
  const a = attr(node, name);
  return typeof a?.value === 'string' ? a.value : undefined;
};
const isJsx = (n: Node) => n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement';

/** Names the file's imports and exports bring in, and which of them are widgets. */
function declaredNames(tree: Node): { names: Set<string>; widgets: Set<string> } {
  const names = new Set<string>();
  const widgets = new Set<string>();
  for (const n of tree.children ?? []) {
    if (n.type !== 'mdxjsEsm' || !n.value) continue;
    for (const m of n.value.matchAll(/import\s+([A-Za-z_$][\w$]*)\s+from\s+['"]([^'"]+)['"]/g)) {
      names.add(m[1]);
      if (/\/components\/widgets\/.*\.svelte$/.test(m[2])) widgets.add(m[1]);
    }
    for (const m of n.value.matchAll(/import\s*\{([^}]*)\}/g))
      for (const part of m[1].split(',')) {
        const name = part.trim().split(/\s+as\s+/).pop()?.trim();
        if (name) names.add(name);
      }
    for (const m of n.value.matchAll(/export\s+(?:const|let|function|class)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  }
  return { names, widgets };
}

/**
 * The names an expression reads that it does not define itself (its parsed form, from MDX):
 * `{gpt3.width * 2}` reads gpt3; `{a, b}` in prose reads a and b, which nothing defines.
 */
function freeNames(estree: unknown): string[] {
  const out = new Set<string>();
  const walk = (n: unknown, parent?: Record<string, unknown>, key?: string) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach((c) => walk(c, parent, key));
    const node = n as Record<string, unknown>;
    if (node.type === 'Identifier') {
      const isProperty = (parent?.type === 'MemberExpression' && key === 'property' && !parent.computed) || (parent?.type === 'Property' && key === 'key' && !parent.computed);
      if (!isProperty) out.add(node.name as string);
      return;
    }
    // Arrow functions' parameters are the only local names prose expressions plausibly have.
    if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') return;
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && k !== 'range' && k !== 'comments') walk(v, node, k);
  };
  walk(estree);
  return [...out];
}

function plainText(nodes: Node[] | undefined): string {
  return (nodes ?? []).map((n) => (n.type === 'text' ? (n.value ?? '') : plainText(n.children))).join('');
}

export function remarkMdxChecks(options: MdxChecksOptions) {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  // Typed loosely so it fits remark's plugin type without depending on the mdast types.
  return (input: unknown, vfile: unknown) => {
    const tree = input as Node;
    const file = vfile as File;
    const root = options.root ?? file.cwd ?? process.cwd();
    const path = file.path ? (file.path.startsWith(root + '/') ? file.path.slice(root.length + 1) : file.path) : '(chapter)';
    const at = (node: Node) => `${path}:${node.position?.start.line ?? '?'}`;
    const fail = (node: Node, message: string): never => {
      const error = new ChapterError(`${at(node)}: ${message}`);
      // Where Vite and Astro look for the place of an error, so their own line points there too.
      const start = node.position?.start;
      if (file.path && start) Object.assign(error, { loc: { file: file.path, line: start.line, column: start.column } });
      throw error;
    };
    const { names, widgets } = declaredNames(tree);

    const chapterLink = (node: Node, parent: Node | undefined, index: number): Node => {
      const id = stringAttr(node, 'id');
      if (!id) return fail(node, '<ChapterLink> needs an id, e.g. <ChapterLink id="02-learning" />');
      const title = options.title(id);
      if (title === undefined)
        return fail(node, `<ChapterLink id="${id}">: there is no chapter "${id}" — use a chapter's file name without .mdx, e.g. "02-learning"`);
      const n = options.order.indexOf(id);
      const custom = plainText(node.children).trim();
      if (n < 0) {
        warn(`${at(node)}: <ChapterLink id="${id}"> points to a chapter this course leaves out; the text shows its title "${title}" without a link`);
        return { type: 'emphasis', children: [{ type: 'text', value: custom || title }] };
      }
      // "Chapter 3 shows …" at the start of a sentence, "… in chapter 3" elsewhere.
      const before = index > 0 ? parent?.children?.[index - 1] : undefined;
      const startsSentence = !before || (before.type === 'text' && /(^|[.!?:]\s+)$/.test(before.value ?? ''));
      const text = custom || `${startsSentence ? 'Chapter' : 'chapter'} ${n + 1}`;
      return { type: 'link', url: options.href(id), children: [{ type: 'text', value: text }], data: { hProperties: { 'data-chapter-link': id } } };
    };

    const visit = (node: Node, parent: Node | undefined, index: number): Node => {
      if (isJsx(node)) {
        const name = node.name ?? '';
        if (name === 'ChapterLink') return chapterLink(node, parent, index);
        if (name === 'Exercise' && !attr(node, 'check'))
          fail(node, `<Exercise id="${stringAttr(node, 'id') ?? '…'}"> has no check. Add check={\`…\`}: code that runs after the reader's and returns a message (or throws) when their answer is wrong.`);
        const exercise = stringAttr(node, 'exercise');
        const valid = options.exercises[name];
        if (exercise !== undefined && valid && !valid.includes(exercise))
          fail(node, `<${name} exercise="${exercise}">: ${name} has no exercise "${exercise}". Valid values: ${valid.map((v) => `"${v}"`).join(', ')}.`);
        if (widgets.has(name) && !node.attributes?.some((a) => a.type === 'mdxJsxAttribute' && a.name?.startsWith('client:')))
          warn(`${at(node)}: <${name}> has no client:* directive, so it is drawn once and never responds to the reader — add client:visible`);
      }
      if ((node.type === 'mdxTextExpression' || node.type === 'mdxFlowExpression')) {
        const code = (node.value ?? '').trim();
        const unknown = freeNames(node.data?.estree).filter((n) => !names.has(n) && !(n in globalThis));
        if (unknown.length)
          fail(node, `{${code.length > 40 ? `${code.slice(0, 40)}…` : code}} is read as JavaScript, not text. For literal braces in prose write \\{ and \\}, or put the text in \`backticks\` or in $math$.`);
      }
      if (node.children) node.children = node.children.map((c, i) => visit(c, node, i));
      return node;
    };
    visit(tree, undefined, 0);
  };
}
