import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeUnusedRankFiles } from './unusedRankFiles';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('removeUnusedRankFiles', () => {
  it('keeps the rank files a script or page names and drops the copies nothing names', () => {
    dir = mkdtempSync(join(tmpdir(), 'ranks-'));
    const assets = join(dir, '_astro');
    mkdirSync(assets);
    mkdirSync(join(dir, 'chapters', '05-tokens'), { recursive: true });
    for (const f of ['r50k_base-aaa.tiktoken', 'r50k_base.aaa.tiktoken', 'o200k_base.bbb.tiktoken', 'cl100k_base.ccc.tiktoken']) writeFileSync(join(assets, f), 'x');
    writeFileSync(join(assets, 'tokenizer.worker-1.js'), 'fetch(new URL("r50k_base-aaa.tiktoken", import.meta.url))');
    writeFileSync(join(dir, 'chapters', '05-tokens', 'index.html'), '<link rel="preload" href="/_astro/cl100k_base.ccc.tiktoken">');
    expect(removeUnusedRankFiles(dir).sort()).toEqual(['o200k_base.bbb.tiktoken', 'r50k_base.aaa.tiktoken']);
    expect(existsSync(join(assets, 'r50k_base-aaa.tiktoken'))).toBe(true);
    expect(existsSync(join(assets, 'cl100k_base.ccc.tiktoken'))).toBe(true);
    expect(existsSync(join(assets, 'r50k_base.aaa.tiktoken'))).toBe(false);
  });
});
