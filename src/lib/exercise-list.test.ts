import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { listExercises } from './exercise-list';

describe('listExercises', () => {
  test('finds Exercise cells and self-checking widgets in page order, with titles', () => {
    const src = [
      '<NeuronPlayground client:visible id="ex1" exercise="two-neurons" />',
      '<Exercise',
      '  id="relu" title="ReLU by hand"',
      '  code={`const f = (x) => x > 0 ? x : 0; // a > b`}',
      '  check={`return f(-1) === 0 || "no";`}',
      '>',
      '  Write it.',
      '</Exercise>',
      '<Cell id="not-an-exercise" code={`1`} />',
      '<Exercise id="second" code={`x`} check={`y`} />',
    ].join('\n');
    expect(listExercises(src)).toEqual([
      { id: 'two-neurons', widget: 'NeuronPlayground' },
      { id: 'relu', title: 'ReLU by hand' },
      { id: 'second', title: undefined },
    ]);
  });

  test('chapter 3 lists its three exercise cells', () => {
    const ids = listExercises(readFileSync('src/content/chapters/03-backprop.mdx', 'utf8')).map((e) => e.id);
    expect(ids).toHaveLength(3);
    expect(ids.slice(0, 2)).toEqual(['grad-by-hand', 'sigmoid-backward']);
  });
});
