// Reads <Cell> and <Exercise> tags out of a chapter's MDX source, in page order, with their string
// attributes. Attribute values are "…", '…' or {`…`} (MDX template literals, where \` and \${ stand
// for a literal backtick and ${); numbers in braces are kept as text.
export interface MdxCell {
  kind: 'cell' | 'exercise';
  id: string;
  code: string;
  check?: string;
  solution?: string;
}

function unescapeTemplate(s: string): string {
  return s.replace(/\\([`$\\])/g, '$1');
}

/** Parses the attributes starting at `i` up to the tag's end; returns them and the end index. */
function readAttributes(src: string, i: number): { attrs: Record<string, string>; end: number } {
  const attrs: Record<string, string> = {};
  const name = /\s*([A-Za-z_:][\w:.-]*)\s*(=\s*)?/y;
  for (;;) {
    while (/\s/.test(src[i])) i++;
    if (src.startsWith('/>', i)) return { attrs, end: i + 2 };
    if (src[i] === '>') return { attrs, end: i + 1 };
    name.lastIndex = i;
    const m = name.exec(src);
    if (!m) throw new Error(`cannot read the attributes at offset ${i}: ${src.slice(i, i + 40)}`);
    i = name.lastIndex;
    if (!m[2]) {
      attrs[m[1]] = 'true';
      continue;
    }
    const quote = src[i];
    if (quote === '"' || quote === "'") {
      const close = src.indexOf(quote, i + 1);
      attrs[m[1]] = src.slice(i + 1, close);
      i = close + 1;
    } else if (src.startsWith('{`', i)) {
      let j = i + 2;
      while (src[j] !== '`') j += src[j] === '\\' ? 2 : 1;
      if (src[j + 1] !== '}') throw new Error(`attribute ${m[1]}: expected }\` after the template literal`);
      attrs[m[1]] = unescapeTemplate(src.slice(i + 2, j));
      i = j + 2;
    } else if (quote === '{') {
      const close = src.indexOf('}', i);
      attrs[m[1]] = src.slice(i + 1, close).trim();
      i = close + 1;
    } else {
      throw new Error(`attribute ${m[1]}: unsupported value at ${src.slice(i, i + 20)}`);
    }
  }
}

export function extractCells(mdx: string): MdxCell[] {
  const cells: MdxCell[] = [];
  const tag = /<(Cell|Exercise)\b/g;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(mdx))) {
    const { attrs, end } = readAttributes(mdx, m.index + m[0].length);
    tag.lastIndex = end;
    if (attrs.id === undefined || attrs.code === undefined) throw new Error(`<${m[1]}> without id or code near: ${mdx.slice(m.index, m.index + 60)}`);
    cells.push({
      kind: m[1] === 'Cell' ? 'cell' : 'exercise',
      id: attrs.id,
      code: attrs.code,
      check: attrs.check,
      solution: attrs.solution,
    });
  }
  return cells;
}
