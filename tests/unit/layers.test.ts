// The layer rules of .dependency-cruiser.cjs, checked on every import in src: dependency-cruiser
// reads the .ts and .svelte files; the .astro, .mdx and .svelte sources are also read here (it
// cannot parse the first two, and it drops a .svelte file's type-only imports and worker URLs),
// and their imports are checked against the same rules. A failure names the file, the import and
// the rule.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface PathRule {
  path?: string;
  pathNot?: string;
  couldNotResolve?: boolean;
}
interface Rule {
  name: string;
  comment?: string;
  from: PathRule;
  to: PathRule;
}
const config = require(join(root, '.dependency-cruiser.cjs')) as { forbidden: Rule[] };

/** The rules dependency-cruiser would apply to one import (its path and pathNot, with $1 from `from`). */
export function violations(from: string, to: string): string[] {
  return config.forbidden
    .filter((rule) => !rule.to.couldNotResolve)
    .filter((rule) => {
      const f = rule.from.path ? new RegExp(rule.from.path).exec(from) : [from];
      if (!f || (rule.from.pathNot && new RegExp(rule.from.pathNot).test(from))) return false;
      const fill = (re: string) => re.replace(/\$(\d)/g, (_, i: string) => f[Number(i)] ?? '');
      if (rule.to.path && !new RegExp(fill(rule.to.path)).test(to)) return false;
      return !(rule.to.pathNot && new RegExp(fill(rule.to.pathNot)).test(to));
    })
    .map((rule) => rule.name);
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, ext);
    return ext.test(name) ? [full] : [];
  });
}

const SPECIFIER = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?|\bexport\s+[\w*{}\s,$]*?\s+from\s+|\bimport\s*\(\s*|\bnew\s+URL\s*\(\s*)['"]([^'"]+)['"]/g;

/** Import specifiers of a source file: static, type-only, dynamic imports and worker URLs. */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1]);
}

/** A relative specifier as a repo path, resolved the way Vite does (extensions, index files). */
function resolveImport(file: string, spec: string): string | null {
  if (spec === 'engine') return 'src/engine/index.ts';
  if (!spec.startsWith('.')) return null; // a package or a virtual module
  const base = resolve(dirname(file), spec);
  const found = [base, `${base}.ts`, `${base}.js`, `${base}.svelte`, `${base}.astro`, join(base, 'index.ts')].find(
    (p) => existsSync(p) && statSync(p).isFile(),
  );
  return found ? relative(root, found) : 'unresolved';
}

describe('layers', () => {
  test('the rules bite: known-bad imports are reported by the rule that forbids them', () => {
    expect(violations('src/kernels/elementwise.ts', 'src/engine/backend.ts')).toEqual(['kernels-are-leaves']);
    expect(violations('src/components/widgets/LineFit/lineFit.ts', 'src/components/widgets/GradientDescent/gradientDescent.ts')).toEqual(['widgets-stand-alone']);
    expect(violations('src/components/widgets/LineFit/lineFit.ts', 'src/components/widgets/LineFit/LineFit.svelte')).toEqual([]);
    expect(violations('src/components/widgets/BackendBadge/backendProbe.worker.ts', 'src/engine/backends/select.ts')).toEqual(['engine-through-its-index']);
    expect(violations('src/content/chapters/02-learning.mdx', 'src/components/widgets/GradientDescent/gradientDescent.ts')).toEqual(['pages-use-widget-components']);
    expect(violations('src/engine/nn/gpt.test.ts', 'scripts/prepare-data.ts')).toContain('engine-knows-no-page');
    expect(violations('src/components/cells/plot-render.ts', 'src/components/plot/index.ts')).toEqual([]);
  });

  test('the import scanner finds every kind of import', () => {
    const src = `import A from './a.svelte';\nimport type { B } from "../b";\nimport { c,\n  d } from './c';\nimport './side';\nconst w = new URL('./x.worker.ts', import.meta.url);\nconst m = import('./lazy');\nexport { e } from './e';`;
    expect(importSpecifiers(src)).toEqual(['./a.svelte', '../b', './c', './side', './x.worker.ts', './lazy', './e']);
  });

  test('dependency-cruiser finds no broken rule in the .ts and .svelte imports', () => {
    let out: string;
    try {
      out = execFileSync(process.execPath, [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
        cwd: root,
        encoding: 'utf8',
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    const broken = out.split('\n').filter((l) => /^\s*error /.test(l)).map((l) => l.trim());
    expect(broken, `imports that break the layer rules (.dependency-cruiser.cjs):\n${broken.join('\n')}`).toEqual([]);
  }, 180_000);

  test('the .astro, .mdx and .svelte imports keep the same rules', () => {
    const broken: string[] = [];
    for (const file of filesUnder(join(root, 'src'), /\.(astro|mdx|svelte)$/)) {
      const from = relative(root, file);
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        const to = resolveImport(file, spec);
        if (!to) continue;
        if (to === 'unresolved') broken.push(`imports-resolve: ${from} → ${spec} (no such file)`);
        for (const rule of violations(from, to)) broken.push(`${rule}: ${from} → ${spec} (${to})`);
      }
    }
    expect(broken, `imports that break the layer rules (.dependency-cruiser.cjs):\n${broken.join('\n')}`).toEqual([]);
  });
});
