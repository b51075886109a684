// Binds the page's cells to one CellSession: finds every `[data-cell]` in page order (hydrated or
// not), feeds their code to the worker and writes status, output and check results back into the
// elements. Islands register their editors here so their live text is what runs.
import { connect } from '../../lib/worker';
import { CellSession, DEFAULT_TIMEOUT_S, type CellSpec, type CellUpdate } from './session';
import { renderError, renderEvent } from './render';
import { loadEdit } from './progress';
import type { CellWorkerApi } from './protocol';

const editors = new Map<string, () => string>();
let session: CellSession | null = null;

export const pageKey = () => location.pathname;

function rootOf(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-cell][data-cell-id="${CSS.escape(id)}"]`);
}

/** The code that runs for a cell: the live editor, else the reader's saved edit, else the original. */
export function currentCode(root: HTMLElement): string {
  const id = root.dataset.cellId ?? '';
  return editors.get(id)?.() ?? loadEdit(pageKey(), id) ?? root.dataset.source ?? '';
}

function specs(): CellSpec[] {
  return [...document.querySelectorAll<HTMLElement>('[data-cell]')].map((root) => ({
    id: root.dataset.cellId ?? '',
    code: currentCode(root),
    check: root.dataset.checkSource,
    timeoutMs: 1000 * (Number(root.dataset.timeout) || DEFAULT_TIMEOUT_S),
  }));
}

function apply(id: string, u: CellUpdate) {
  const root = rootOf(id);
  if (!root) return;
  const out = root.querySelector<HTMLElement>('[data-output]');
  const result = root.querySelector<HTMLElement>('[data-check-result]');
  switch (u.type) {
    case 'queued':
      root.dataset.status = 'running';
      out?.replaceChildren();
      if (result) result.textContent = '';
      delete root.dataset.check;
      break;
    case 'start':
      root.dataset.status = 'running';
      break;
    case 'events':
      out?.append(...u.events.map(renderEvent));
      break;
    case 'end':
      root.dataset.status = u.status;
      if (u.error) out?.append(renderError(u.error, id, currentCode(root)));
      if (u.check) showCheck(root, u.check.pass, u.check.message);
      break;
    case 'reset': {
      root.dataset.status = u.status;
      if (u.note && out) {
        const p = document.createElement('p');
        p.className = 'cell-note';
        p.textContent = u.note;
        out.append(p);
      }
      break;
    }
  }
  if (out) keyboardScrollable(out, id);
}

/**
 * The output scrolls once it is long or wide, so a keyboard reader must be able to reach it
 * (focus it, then scroll with the arrow keys); an empty output is no stop in the tab order.
 */
function keyboardScrollable(out: HTMLElement, id: string) {
  if (out.childElementCount > 0) {
    out.tabIndex = 0;
    out.setAttribute('role', 'group');
    out.setAttribute('aria-label', `Output of cell ${id}`);
  } else {
    out.removeAttribute('tabindex');
    out.removeAttribute('role');
    out.removeAttribute('aria-label');
  }
}

function showCheck(root: HTMLElement, pass: boolean, message: string) {
  root.dataset.check = pass ? 'pass' : 'fail';
  const result = root.querySelector<HTMLElement>('[data-check-result]');
  if (result) result.textContent = `${pass ? '✓ Passed' : '✗ Not yet'}: ${message}`;
}

export function getSession(): CellSession {
  session ??= new CellSession({
    worker: connect<CellWorkerApi>(() => new Worker(new URL('./cell.worker.ts', import.meta.url), { type: 'module', name: `cells${location.search}` })),
    cells: specs,
    update: apply,
  });
  return session;
}

/** An island hands over its editor's text while it lives. */
export function registerEditor(id: string, getCode: () => string): () => void {
  editors.set(id, getCode);
  return () => editors.delete(id);
}
