// Loading text over HTTP (the browser, or Node for http URLs). Node's file reading lives in fs.ts
// so that pages never import node:fs.

export async function fetchText(url: string | URL): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`Could not load ${String(url)}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new Error(`Could not load ${String(url)}: HTTP ${res.status} ${res.statusText}`);
  return res.text();
}
