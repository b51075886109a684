// Vitest global setup for the browser tests: build the site for base "/" (dist) and base
// "/course/" (dist-course), serve both on 127.0.0.1, and provide their URLs to the tests. The main
// build is served cross-origin isolated (as `npm run preview`), the /course/ build without the
// headers (as GitHub Pages), so the tests see pages both with and without CPU threads.
// E2E_REUSE_BUILD=1 skips the builds when both folders exist (handy while writing a test).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { findChromium } from './chromium';
import { builds, buildSite, root, serve } from './site';
import { ISOLATION_HEADERS } from '../../../src/lib/isolation';

declare module 'vitest' {
  export interface ProvidedContext {
    /** e.g. "http://127.0.0.1:41234/" — the build with base "/". */
    siteUrl: string;
    /** e.g. "http://127.0.0.1:41235/course/" — the build with base "/course/". */
    courseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  findChromium(); // fail at once, before building, when there is no browser
  if (!existsSync(join(root, 'public/data/names.txt'))) {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/prepare-data.ts'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run prepare-data failed');
  }
  const reuse = process.env.E2E_REUSE_BUILD === '1';
  for (const b of Object.values(builds)) {
    if (reuse && existsSync(join(b.outDir, 'index.html'))) continue;
    const t = Date.now();
    await buildSite(b.base, b.outDir, b.testPages);
    console.log(`e2e: built base ${b.base} into ${b.outDir} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const site = await serve(builds.site.outDir, builds.site.base, ISOLATION_HEADERS);
  const course = await serve(builds.course.outDir, builds.course.base);
  project.provide('siteUrl', site.url);
  project.provide('courseUrl', course.url);
  return async () => {
    await site.close();
    await course.close();
  };
}
