// The two headers that make a page cross-origin isolated, so the engine may share WebAssembly
// memory between threads (the CPU backend's matmul workers). `npm run dev`, `npm run preview` and
// the browser tests' server for the main build send them; a static host that cannot set headers
// (GitHub Pages) needs a service-worker shim instead (README, "Faster CPU training").
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
