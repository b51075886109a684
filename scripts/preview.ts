// `npm run preview`: serves the last build (dist/, or OUT_DIR) under the base path it was built for,
// read from its own pages, so a sub-path build (BASE_PATH=/my-repo/ npm run build) previews at
// http://localhost:4321/my-repo/ without repeating BASE_PATH. Extra arguments go to `astro preview`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { detectBase } from './size-report';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, process.env.OUT_DIR || 'dist');
const index = join(outDir, 'index.html');
if (!existsSync(index)) {
  console.error(`preview: ${index} does not exist; run npm run build first`);
  process.exit(1);
}
const base = detectBase(readFileSync(index, 'utf8'));
if (process.env.BASE_PATH && process.env.BASE_PATH !== base)
  console.warn(`preview: ${outDir} was built for base ${base}, not BASE_PATH=${process.env.BASE_PATH}; serving it under ${base}`);
const child = spawn(process.execPath, [join(root, 'node_modules/astro/astro.js'), 'preview', ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, BASE_PATH: base },
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 1));
