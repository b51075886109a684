// Builds and serves the static site for the browser tests.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, statSync, createReadStream } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

export const root = resolve(import.meta.dirname, '../../..');

/**
 * The two builds the tests walk: base "/" with the test-only pages (src/dev/), and base "/course/"
 * exactly as it is published (GitHub Pages), which the tests check has none of them.
 */
export const builds = {
  site: { base: '/', outDir: join(root, 'dist'), testPages: true },
  course: { base: '/course/', outDir: join(root, 'dist-course'), testPages: false },
} as const;
export type BuildName = keyof typeof builds;

/**
 * Runs `astro build` for a base path into outDir (with the test-only pages when asked, and any
 * extra environment such as COURSE_CONFIG); resolves with astro's output, rejects with it on failure.
 */
export function buildSite(base: string, outDir: string, testPages = false, extraEnv: Record<string, string> = {}): Promise<string> {
  // Vitest puts Vite's env (BASE_URL, MODE, NODE_ENV=test, …) into process.env; astro would take
  // BASE_URL from there over its base, so the child gets the environment without them.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*|TEST|NTG_TEST_PAGES|COURSE_CONFIG)$/.test(k)) env[k] = v;
  if (testPages) env.NTG_TEST_PAGES = '1';
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/astro/astro.js'), 'build'], {
      cwd: root,
      env: { ...env, BASE_PATH: base, OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: '1', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? ok(log) : fail(new Error(`astro build (base ${base}) failed with code ${code}:\n${log.slice(-6000)}`)),
    );
  });
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wgsl': 'text/plain; charset=utf-8',
};

/**
 * A tiny static server for `dir` mounted at `base` on 127.0.0.1 (random port). Like GitHub Pages:
 * "/x/" serves "x/index.html", anything outside the base or missing is a 404. `headers` go on every
 * answer (the main build gets the cross-origin isolation headers, as `npm run preview` sends).
 */
export async function serve(dir: string, base: string, headers: Record<string, string> = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`404: ${path}`);
    };
    if (!path.startsWith(base)) return notFound();
    let file = resolve(dir, '.' + path.slice(base.length - 1));
    if (file !== dir && !file.startsWith(dir + sep)) return notFound();
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: path + '/' });
        return res.end();
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file)) return notFound();
    res.writeHead(200, { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Every page of a build, as site paths without the base: "", "about/", "chapters/01-neuron/". */
export function listPages(outDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== '_astro' && name !== 'data') walk(full, `${rel}${name}/`);
      } else if (name === 'index.html') out.push(rel);
    }
  };
  walk(outDir, '');
  return out;
}
