// Node-only dataset loading for the CLI and benchmarks (pages use fetch.ts instead).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_DATASETS, type BuiltinDataset } from './corpus';

/** Reads a built-in dataset prepared by `npm run prepare-data` (public/data), or any text file by path. */
export async function readDatasetText(nameOrPath: string, root = process.cwd()): Promise<string> {
  const path = nameOrPath in BUILTIN_DATASETS ? join(root, 'public', BUILTIN_DATASETS[nameOrPath as BuiltinDataset]) : nameOrPath;
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const hint = nameOrPath in BUILTIN_DATASETS ? ' (run `npm run prepare-data` first)' : '';
    throw new Error(`Could not read ${path}${hint}: ${(e as Error).message}`);
  }
}
