// The GraphExplorer's language: a tokenizer and recursive-descent parser for the expressions a
// reader types (numbers, variables, + − × ÷, ^, and a few functions), with errors that point at
// the column, and the "a = 2, b = −3" value lists.
import type { Tensor } from '../../../engine';

/** The functions a reader may call: each is a Tensor method of the same name. */
export const FUNCTIONS = ['tanh', 'exp', 'log', 'relu', 'sigmoid'] as const satisfies readonly (keyof Tensor)[];
export type FunctionName = (typeof FUNCTIONS)[number];
export type BinaryOperator = '+' | '-' | '*' | '/';

export type Ast =
  | { kind: 'num'; value: number; col: number }
  | { kind: 'var'; name: string; col: number }
  | { kind: 'neg'; arg: Ast; col: number }
  | { kind: 'bin'; op: BinaryOperator; left: Ast; right: Ast; col: number }
  | { kind: 'pow'; base: Ast; exponent: number; col: number }
  | { kind: 'call'; fn: FunctionName; arg: Ast; col: number };

/** A reader-facing syntax error; `column` is 1-based, as an editor shows it. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`${message} at column ${column}`);
    this.name = 'ParseError';
  }
}

type Token =
  | { type: 'num'; value: number; text: string; col: number }
  | { type: 'ident'; text: string; col: number }
  | { type: 'op'; text: string; col: number }
  | { type: 'end'; text: ''; col: number };

const MAX_LENGTH = 500;
/** The largest float32, the engine's number type: anything bigger overflows to infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;
const OVERFLOW = 'is too large: the engine computes in float32, whose largest number is about 3.4 × 10³⁸';

/** A number the reader typed, or a message saying why it cannot be used. */
export function readNumber(text: string): number | string {
  const t = text.trim().replace('−', '-');
  const v = Number(t);
  if (t === '' || Number.isNaN(v)) return /^[+-]?nan$/i.test(t) ? `NaN (“not a number”) cannot be computed with: type a number such as 2` : `“${text}” is not a number`;
  if (!Number.isFinite(v)) return `${t} is not a finite number: type one such as 2 (float32 reaches about 3.4 × 10³⁸)`;
  if (Math.abs(v) > FLOAT32_MAX) return `${t} ${OVERFLOW}`;
  return v;
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    const col = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9.]/.test(ch)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new ParseError(`unexpected '${ch}'`, col);
      if (Number(m[0]) > FLOAT32_MAX) throw new ParseError(`${m[0]} ${OVERFLOW}`, col);
      tokens.push({ type: 'num', value: Number(m[0]), text: m[0], col });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(src.slice(i))!;
      tokens.push({ type: 'ident', text: m[0], col });
      i += m[0].length;
    } else if (src.startsWith('**', i)) {
      tokens.push({ type: 'op', text: '^', col });
      i += 2;
    } else if ('+-*/^()'.includes(ch)) {
      tokens.push({ type: 'op', text: ch, col });
      i++;
    } else {
      const shown = String.fromCodePoint(src.codePointAt(i)!);
      throw new ParseError(`unexpected character '${shown}'`, col);
    }
  }
  tokens.push({ type: 'end', text: '', col: src.length + 1 });
  return tokens;
}

/**
 * Parses an expression such as `tanh(w1*x1 + w2*x2 + b)`. Precedence, lowest first: + -, * /,
 * unary minus, ^ (right-associative, so -a^2 is -(a^2) as in mathematics).
 */
export function parse(src: string): Ast {
  if (src.length > MAX_LENGTH) throw new ParseError(`expression is longer than ${MAX_LENGTH} characters`, MAX_LENGTH + 1);
  const tokens = tokenize(src);
  if (tokens.length === 1) throw new ParseError('the expression is empty', 1);
  let pos = 0;
  const peek = () => tokens[pos];
  const describe = (t: Token) => (t.type === 'end' ? 'end of expression' : `'${t.text}'`);
  const unexpected = (t: Token) => new ParseError(`unexpected ${describe(t)}`, t.col);

  function expr(): Ast {
    let left = term();
    while (peek().type === 'op' && (peek().text === '+' || peek().text === '-')) {
      const t = tokens[pos++];
      left = { kind: 'bin', op: t.text as BinaryOperator, left, right: term(), col: t.col };
    }
    return left;
  }
  function term(): Ast {
    let left = unary();
    while (peek().type === 'op' && (peek().text === '*' || peek().text === '/')) {
      const t = tokens[pos++];
      left = { kind: 'bin', op: t.text as BinaryOperator, left, right: unary(), col: t.col };
    }
    return left;
  }
  function unary(): Ast {
    const t = peek();
    if (t.type === 'op' && t.text === '-') {
      pos++;
      return { kind: 'neg', arg: unary(), col: t.col };
    }
    if (t.type === 'op' && t.text === '+') {
      pos++;
      return unary();
    }
    return power();
  }
  function power(): Ast {
    const base = primary();
    const t = peek();
    if (t.type === 'op' && t.text === '^') {
      pos++;
      const expCol = peek().col;
      const exponent = constantValue(unary());
      if (exponent === null) throw new ParseError('the exponent must be a number, such as x^2', expCol);
      return { kind: 'pow', base, exponent, col: t.col };
    }
    return base;
  }
  function primary(): Ast {
    const t = tokens[pos++];
    if (t.type === 'num') return { kind: 'num', value: t.value, col: t.col };
    if (t.type === 'ident') {
      if (peek().type === 'op' && peek().text === '(') {
        if (!(FUNCTIONS as readonly string[]).includes(t.text)) {
          throw new ParseError(`unknown function '${t.text}' (try ${FUNCTIONS.join(', ')})`, t.col);
        }
        pos++;
        const arg = expr();
        closeParen();
        return { kind: 'call', fn: t.text as FunctionName, arg, col: t.col };
      }
      if ((FUNCTIONS as readonly string[]).includes(t.text)) {
        throw new ParseError(`'${t.text}' is a function: write ${t.text}(…)`, t.col);
      }
      // Not variables: a reader who types these means the special numbers, which the graph cannot use.
      if (/^nan$/i.test(t.text)) throw new ParseError(`'${t.text}' (“not a number”) cannot be computed with; use a number or a variable name`, t.col);
      if (/^(inf|infinity)$/i.test(t.text)) throw new ParseError(`'${t.text}' is not a finite number; use a number (float32 reaches about 3.4 × 10³⁸) or a variable name`, t.col);
      return { kind: 'var', name: t.text, col: t.col };
    }
    if (t.type === 'op' && t.text === '(') {
      const inner = expr();
      closeParen();
      return inner;
    }
    throw unexpected(t);
  }
  function closeParen(): void {
    const t = tokens[pos];
    if (t.type === 'op' && t.text === ')') {
      pos++;
      return;
    }
    throw new ParseError(t.type === 'end' ? "missing ')'" : `expected ')' but found ${describe(t)}`, t.col);
  }

  const ast = expr();
  if (peek().type !== 'end') throw unexpected(peek());
  return ast;
}

/** The value of an expression made only of numbers (for exponents), or null if it has variables. */
function constantValue(ast: Ast): number | null {
  if (ast.kind === 'num') return ast.value;
  if (ast.kind === 'neg') {
    const v = constantValue(ast.arg);
    return v === null ? null : -v;
  }
  return null;
}

/** Variable names in order of first appearance. */
export function variables(ast: Ast): string[] {
  const out: string[] = [];
  const walk = (a: Ast): void => {
    if (a.kind === 'var') {
      if (!out.includes(a.name)) out.push(a.name);
    } else if (a.kind === 'neg' || a.kind === 'call') walk(a.arg);
    else if (a.kind === 'pow') walk(a.base);
    else if (a.kind === 'bin') {
      walk(a.left);
      walk(a.right);
    }
  };
  walk(ast);
  return out;
}

/** Parses "a=2, b=-3; c = 10" into values; names are checked against the expression. */
export function parseAssignments(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let offset = 0;
  for (const part of text.split(/[,;\n]/)) {
    const trimmed = part.trim();
    const col = offset + part.indexOf(trimmed) + 1;
    offset += part.length + 1;
    if (!trimmed) continue;
    const m = /^([A-Za-z_][A-Za-z_0-9]*)\s*=\s*(.+)$/.exec(trimmed);
    if (!m) throw new ParseError(`expected name = number, found '${trimmed}'`, col);
    const value = readNumber(m[2]);
    if (typeof value === 'string') throw new ParseError(value, col);
    out.set(m[1], value);
  }
  return out;
}
