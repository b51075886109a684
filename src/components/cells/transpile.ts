// Reader code → the body of an async function, with the same line numbers as what the reader typed.
//
// 1. Sucrase strips the TypeScript (it keeps every line where it was).
// 2. Sucrase's parser gives tokens that know which names are top-level declarations; on those:
//    - `import { tensor, nn as N } from 'engine'` becomes `0, { tensor, nn: N } = __cell.import("engine")`
//      — the alias: every cell import is resolved by the cell runtime (runtime.ts `resolveModule`),
//      which hands out the engine namespace the worker preloaded; there is no module loading at run time;
//    - `const/let/var x = …` becomes the assignment `0, x = …`, and `class A {…}` becomes `A = class A {…};`,
//      to names the runtime defines on the worker's global object first (`__cell.declare`), so later cells,
//      and functions defined earlier that read them, see the current value — notebook semantics without `with`;
//    - function declarations stay (they are hoisted) and are published at the start (`__cell.define`).
//    Every replacement is written on the lines it replaces, so error lines still match the reader's code.
// 3. The whole body runs inside an async function, so top-level `await` works.
import { transform } from 'sucrase';
import { parse } from 'sucrase/dist/esm/parser/index.js';
import { TokenType as tt } from 'sucrase/dist/esm/parser/tokenizer/types.js';
import { IdentifierRole, type Token } from 'sucrase/dist/esm/parser/tokenizer/index.js';

/** Name of the runtime object every compiled cell receives. */
export const RUNTIME = '__cell';

export class CellCompileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

export interface CompiledCell {
  /** Function body; line N of the reader's code is line N of this text. */
  body: string;
  /** Top-level names the cell shares with later cells, with the line that declares each. */
  shared: Map<string, number>;
  /** Function declarations, published when the cell starts (they are hoisted). */
  hoisted: string[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const OPEN = new Set([tt.parenL, tt.bracketL, tt.braceL, tt.dollarBraceL]);
const CLOSE = new Set([tt.parenR, tt.bracketR, tt.braceR]);

function isTopDecl(t: Token | undefined): boolean {
  return (
    !!t &&
    (t.identifierRole === IdentifierRole.TopLevelDeclaration ||
      t.identifierRole === IdentifierRole.ObjectShorthandTopLevelDeclaration)
  );
}

function stripTypes(source: string): string {
  try {
    return transform(source, {
      transforms: ['typescript'],
      // A cell may import names only later cells use; TypeScript's elision would drop them.
      keepUnusedImports: true,
      disableESTransforms: true,
    }).code;
  } catch (e) {
    const err = e as Error & { loc?: { line: number; column: number } };
    const message = err.message.replace(/ \(\d+:\d+\)$/, '');
    throw new CellCompileError(message, err.loc?.line);
  }
}

/**
 * Compiles one cell. With `share` (ordinary cells) top-level declarations become shared names;
 * without it (exercise checks) they stay local to the run.
 */
export function compileCell(source: string, { share = true }: { share?: boolean } = {}): CompiledCell {
  const js = stripTypes(source);
  let tokens: Token[];
  try {
    tokens = parse(js, false, false, false).tokens;
  } catch (e) {
    const err = e as Error & { loc?: { line: number } };
    throw new CellCompileError(err.message.replace(/ \(\d+:\d+\)$/, ''), err.loc?.line);
  }
  const lineStarts = [0];
  for (let i = 0; i < js.length; i++) if (js[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const text = (t: Token) => js.slice(t.start, t.end);

  // Bracket depth before each token; 0 means "at the top level of the cell".
  const depth: number[] = [];
  let d = 0;
  for (const t of tokens) {
    if (CLOSE.has(t.type)) d--;
    depth.push(d);
    if (OPEN.has(t.type)) d++;
  }

  const edits: Edit[] = [];
  const shared = new Map<string, number>();
  const hoisted: string[] = [];
  const addShared = (t: Token) => {
    if (!shared.has(text(t))) shared.set(text(t), lineAt(t.start));
  };
  let declKeywordIndex = -1;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const top = depth[i] === 0 && t.scopeDepth === 0;

    if (t.type === tt._import && next && next.type === tt.parenL) {
      // Dynamic import('engine') resolves through the same table as static imports.
      edits.push({ start: t.start, end: t.end, text: `${RUNTIME}.importDynamic` });
      continue;
    }
    if (t.type === tt._import && top && next && next.type !== tt.dot) {
      i = rewriteImport(i);
      continue;
    }
    if (t.type === tt._export && top) {
      if (next && (next.type === tt._default || next.type === tt.braceL || next.type === tt.star)) {
        throw new CellCompileError(
          'Cells do not export: their top-level names are shared with later cells on the page already.',
          lineAt(t.start),
        );
      }
      edits.push({ start: t.start, end: t.end, text: '' });
      continue;
    }
    if (!share) continue;

    if ((t.type === tt._const || t.type === tt._let || t.type === tt._var) && top && next) {
      const first = next.type === tt.name ? next : tokens[i + 2];
      if (isTopDecl(first) || next.type === tt.braceL || next.type === tt.bracketL) {
        edits.push({ start: t.start, end: t.end, text: '0,' });
        declKeywordIndex = i;
      }
      continue;
    }
    if (isTopDecl(t)) {
      const prev = tokens[i - 1];
      addShared(t);
      if (prev.type === tt._class) continue;
      const afterFunction =
        prev.type === tt._function || (prev.type === tt.star && tokens[i - 2]?.type === tt._function);
      if (afterFunction) {
        hoisted.push(text(t));
        continue;
      }
      // A declarator without an initialiser (`let x;`) must still reset the name on a re-run.
      const declarator =
        i - 1 === declKeywordIndex ||
        (prev.type === tt.comma && declKeywordIndex >= 0 && depth[i - 1] === depth[declKeywordIndex]);
      if (declarator && t.identifierRole === IdentifierRole.TopLevelDeclaration && next?.type !== tt.eq) {
        edits.push({ start: t.end, end: t.end, text: ' = void 0' });
      }
      continue;
    }
    if (t.type === tt._class && top && isTopDecl(next)) {
      rewriteClass(i);
    }
  }

  function rewriteClass(i: number) {
    const name = text(tokens[i + 1]);
    edits.push({ start: tokens[i].start, end: tokens[i].start, text: `${name} = ` });
    let j = i + 1;
    while (j < tokens.length && !(tokens[j].type === tt.braceL && depth[j] === depth[i])) j++;
    while (j < tokens.length && !(tokens[j].type === tt.braceR && depth[j] === depth[i])) j++;
    if (j < tokens.length) edits.push({ start: tokens[j].end, end: tokens[j].end, text: ';' });
  }

  /** Rewrites the import starting at token i; returns the index of its last token. */
  function rewriteImport(i: number): number {
    const start = tokens[i].start;
    let j = i + 1;
    let defaultName: string | null = null;
    let namespaceName: string | null = null;
    const named: string[] = [];
    const declare = (t: Token) => {
      if (share) addShared(t);
      return text(t);
    };
    if (tokens[j].type === tt.name && tokens[j].identifierRole === IdentifierRole.ImportDeclaration) {
      defaultName = declare(tokens[j]);
      j++;
      if (tokens[j].type === tt.comma) j++;
    }
    if (tokens[j].type === tt.star) {
      // * as name
      namespaceName = declare(tokens[j + 2]);
      j += 3;
    } else if (tokens[j].type === tt.braceL) {
      j++;
      while (tokens[j].type !== tt.braceR) {
        const imported = text(tokens[j]);
        if (tokens[j + 1].type === tt.name && text(tokens[j + 1]) === 'as') {
          named.push(`${imported}: ${declare(tokens[j + 2])}`);
          j += 3;
        } else {
          named.push(declare(tokens[j]));
          j++;
        }
        if (tokens[j].type === tt.comma) j++;
      }
      j++;
    }
    if (tokens[j].type === tt.name && text(tokens[j]) === 'from') j++;
    const specTok = tokens[j];
    if (specTok.type !== tt.string) throw new CellCompileError('Could not read this import.', lineAt(start));
    const spec = JSON.stringify(text(specTok).slice(1, -1));
    let end = specTok.end;
    let last = j;
    // `with { type: 'json' }` attributes are not meaningful here; a trailing `;` is kept.
    if (tokens[j + 1]?.type === tt.semi) {
      end = tokens[j + 1].end;
      last = j + 1;
    }
    const load = `${RUNTIME}.import(${spec})`;
    const parts: string[] = [];
    if (defaultName) parts.push(`${defaultName} = ${RUNTIME}.importDefault(${spec})`);
    if (namespaceName) parts.push(`${namespaceName} = ${load}`);
    if (named.length) parts.push(`{ ${named.join(', ')} } = ${load}`);
    let replacement: string;
    if (parts.length === 0) replacement = `${load};`;
    else replacement = share ? `0, ${parts.join(', ')};` : `const ${parts.join(', ')};`;
    edits.push({ start, end, text: replacement });
    return last;
  }

  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += js.slice(pos, e.start) + e.text;
    // Keep the line count: a replaced multi-line import leaves its newlines behind.
    out += '\n'.repeat((js.slice(e.start, e.end).match(/\n/g) ?? []).length);
    pos = e.end;
  }
  out += js.slice(pos);
  return { body: out, shared, hoisted };
}
