// The reader's way to force a backend: `?backend=cpu` or `?backend=webgpu` in the page's URL.
// Import-free, so the page can read it without loading the engine.

export type BackendName = 'cpu' | 'webgpu';

/** `?backend=cpu` or `?backend=webgpu` in a query string, else null. */
export function backendOverride(search: string | undefined): BackendName | null {
  const v = new URLSearchParams(search ?? '').get('backend');
  return v === 'cpu' || v === 'webgpu' ? v : null;
}
