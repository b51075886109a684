// Every cell and exercise in every chapter of the course, run in Node on the real engine through the
// same runtime the page's worker uses: cells run in page order and end without error; each exercise
// fails with its starter code and passes with its solution. The browser tests repeat the walk in
// Chromium; this one names the failing cell and line in seconds.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import course from '../../course.config';
import * as engine from '../../src/engine/index';
import { createRuntime, type CellRuntime } from '../../src/components/cells/runtime';
import { tidySource } from '../../src/components/cells/source';
import type { OutputEvent } from '../../src/components/cells/protocol';
import { extractCells } from './mdx-cells';

const root = resolve(import.meta.dirname, '../..');
const chapterIds = course.parts.flatMap((p) => p.chapters);

let runtime: CellRuntime | undefined;
afterAll(() => runtime?.reset());

function describeError(events: OutputEvent[], error: { name: string; message: string; line?: number } | undefined) {
  const logs = events.map((e) => ('text' in e ? e.text : e.kind)).join('\n');
  return `${error?.name}: ${error?.message} (line ${error?.line})\n${logs}`;
}

for (const id of chapterIds) {
  const cells = extractCells(readFileSync(join(root, 'src/content/chapters', `${id}.mdx`), 'utf8'));
  // A chapter without cells is allowed (an instructor's course may have prose-only chapters).
  describe.skipIf(cells.length === 0)(`cells of ${id}`, () => {
    it('indents every line of cell code by at least two spaces, so MDX keeps its indentation', () => {
      // MDX removes up to two spaces from each continuation line of an attribute; code written
      // flush left would lose its inner indentation on the page (tidySource removes the rest).
      for (const cell of cells)
        for (const [field, text] of Object.entries({ code: cell.code, check: cell.check, solution: cell.solution })) {
          if (!text?.includes('\n')) continue;
          const flush = text.split('\n').slice(1).filter((l) => l.trim() && !l.startsWith('  '));
          expect(flush, `${cell.id} ${field}: indent these lines by two more spaces`).toEqual([]);
        }
    });

    it('runs every cell in page order without error, and every exercise checks its work', async () => {
      runtime?.reset();
      runtime = createRuntime({ modules: { engine: engine as unknown as Record<string, unknown> } });
      for (const cell of cells) {
        const events: OutputEvent[] = [];
        const code = tidySource(cell.code);
        if (cell.kind === 'cell') {
          const result = await runtime.run({ cellId: cell.id, code }, (b) => events.push(...b));
          expect(result.ok, `cell "${cell.id}": ${describeError(events, result.error)}`).toBe(true);
          continue;
        }
        const check = tidySource(cell.check ?? '');
        const starter = await runtime.run({ cellId: cell.id, code, check }, (b) => events.push(...b));
        expect(starter.check?.pass, `exercise "${cell.id}" passes with its starter code`).toBe(false);
        expect(starter.check?.message.length, `exercise "${cell.id}" explains a failure`).toBeGreaterThan(10);
        expect(cell.solution, `exercise "${cell.id}" has a solution`).toBeTypeOf('string');
        const solved = await runtime.run({ cellId: cell.id, code: tidySource(cell.solution!), check }, (b) => events.push(...b));
        expect(solved.ok, `exercise "${cell.id}" solution runs: ${describeError(events, solved.error)}`).toBe(true);
        expect(solved.check, `exercise "${cell.id}" solution passes`).toEqual({ pass: true, message: expect.any(String) });
      }
    }, 120_000);
  });
}
