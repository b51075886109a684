// The shipped GitHub Pages workflow: installs as the README says, builds for the address Pages
// reports (base path and origin), uploads dist/ and deploys it; dist/ gets .nojekyll.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { resolveBase } from '../../src/lib/course-schema';

const root = resolve(import.meta.dirname, '../..');
const workflow = readFileSync(join(root, '.github/workflows/pages.yml'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

test('the Pages workflow installs with the README command, builds for Pages, uploads dist and deploys', () => {
  const install = /- run: (npm install[^\n]*)/.exec(workflow)?.[1];
  expect(install).toBeDefined();
  expect(readme).toContain(`\`${install}\``);
  expect(workflow).toMatch(/node-version: 20\b/);
  expect(workflow).toMatch(/- id: pages\n\s+uses: actions\/configure-pages@v\d/);
  expect(workflow).toMatch(/- run: npm run build\n\s+env:\n(\s+#[^\n]*\n)?\s+BASE_PATH: \$\{\{ steps\.pages\.outputs\.base_path \}\}\n\s+SITE_URL: \$\{\{ steps\.pages\.outputs\.origin \}\}/);
  expect(workflow).toMatch(/uses: actions\/upload-pages-artifact@v\d\n\s+with:\n\s+path: dist\n/);
  expect(workflow).toMatch(/needs: build[\s\S]*uses: actions\/deploy-pages@v\d/);
  expect(workflow).toMatch(/pages: write[\s\S]*id-token: write/);
});

test("configure-pages' base_path becomes the site's base: '' or '/' is the root, '/repo' and '/repo/' the project", () => {
  const course = { base: undefined };
  expect(resolveBase(course, '')).toBe('/');
  expect(resolveBase(course, '/')).toBe('/');
  expect(resolveBase(course, '/neuron-to-gpt')).toBe('/neuron-to-gpt/');
  expect(resolveBase(course, '/neuron-to-gpt/')).toBe('/neuron-to-gpt/');
});

test('public/.nojekyll is there, so GitHub Pages serves _astro/ as it is', () => {
  expect(existsSync(join(root, 'public/.nojekyll'))).toBe(true);
});
