import { describe, expect, it } from 'vitest';
import { extractCells } from './mdx-cells';

describe('extractCells', () => {
  it('reads cells and exercises in order, unescaping template literals', () => {
    const mdx = [
      'Text <b>bold</b>',
      '<Cell id="a" code={`const f = (x: number) => x > 1;',
      'console.log(\\`x\\` + \\${1});`} timeout={5} />',
      '<Exercise id="b" title="T" code={`let y = 1;`} check={`if (y !== 2) return "y should be 2";`} solution={`let y = 2;`}>',
      '  Make y two.',
      '</Exercise>',
    ].join('\n');
    expect(extractCells(mdx)).toEqual([
      { kind: 'cell', id: 'a', code: 'const f = (x: number) => x > 1;\nconsole.log(`x` + ${1});', check: undefined, solution: undefined },
      { kind: 'exercise', id: 'b', code: 'let y = 1;', check: 'if (y !== 2) return "y should be 2";', solution: 'let y = 2;' },
    ]);
  });

  it('says where a tag lacks its code', () => {
    expect(() => extractCells('<Cell id="x" />')).toThrow(/without id or code/);
  });
});
