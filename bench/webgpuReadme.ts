// Writes the WebGPU section of bench/README.md between its markers (appended the first time),
// leaving the other sections as they are.
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- webgpu-bench:start (written by `npm run bench:webgpu`; edits inside are overwritten) -->';
const END = '<!-- webgpu-bench:end -->';

export function writeWebGpuSection(device: string, rows: string[], command: string): void {
  const section = [
    START,
    '## WebGPU: the engine vs tfjs-backend-webgpu',
    '',
    `Reproduce: \`${command}\` (flags: \`--sizes 256,1024,2048 --reps 3 --steps 3 --no-gpt --no-tfjs\`).`,
    'One Node process drives both libraries on the same Dawn (`webgpu` package) instance, each on its',
    'own device. Matmul figures are 2·n³ over the median wall time of one product including the',
    'readback of its result; GPT figures are batch × context over the median wall time of one',
    'training step (forward, backward, gradient clipping, AdamW for the engine; tfjs uses Adam, which',
    'it has instead of AdamW) with its loss read back, after two warm-up steps. Ratios above 1× mean',
    'the engine is faster.',
    '',
    'On a machine without a GPU, Dawn runs on SwiftShader (Vulkan on the CPU): those figures only prove',
    'that everything runs, and the book does not choose WebGPU there. With a GPU, set',
    '`VK_ICD_FILENAMES` to its Vulkan driver\'s ICD file (left unset, the bench picks SwiftShader when',
    'Debian\'s chromium is installed) and run the same command; the device line names what ran.',
    '',
    `Device: ${device}; ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| task | this engine (webgpu) | tfjs-backend-webgpu | ratio |',
    '|---|---|---|---|',
    ...rows,
    END,
  ].join('\n');
  const path = new URL('./README.md', import.meta.url);
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // first run: no README yet
  }
  const re = /<!-- webgpu-bench:start[\s\S]*?<!-- webgpu-bench:end -->/;
  text = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}
