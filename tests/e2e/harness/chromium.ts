import { existsSync } from 'node:fs';

/** Path of the Chromium to drive: env CHROMIUM_PATH, then /usr/bin/chromium; otherwise fail now. */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}
