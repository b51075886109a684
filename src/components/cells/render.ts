// Draws a cell's output events into its `[data-output]` element. Plots load d3 on first use.
import type { CellErrorInfo, OutputEvent } from './protocol';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function renderTable(ev: Extract<OutputEvent, { kind: 'table' }>): HTMLElement {
  const table = el('table', 'cell-table');
  if (ev.note) table.append(el('caption', '', ev.note));
  const head = table.createTHead().insertRow();
  for (const c of ev.columns) {
    const th = el('th', '', c);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of ev.rows) {
    const tr = body.insertRow();
    for (const v of r) tr.insertCell().textContent = v;
  }
  return table;
}

function renderPlot(ev: Extract<OutputEvent, { kind: 'plot' }>): HTMLElement {
  const fig = el('figure', 'cell-plot');
  fig.setAttribute('role', 'img');
  const kind = ev.plot.type === 'line' ? 'Line chart' : ev.plot.type === 'scatter' ? 'Scatter plot' : 'Heatmap';
  fig.setAttribute('aria-label', ev.plot.title ? `${kind}: ${ev.plot.title}` : kind);
  import('./plot-render').then(
    (m) => m.drawPlot(fig, ev.plot),
    () => fig.append(el('p', 'cell-note', 'The plot could not be drawn (its code did not load).')),
  );
  return fig;
}

export function renderEvent(ev: OutputEvent): HTMLElement {
  switch (ev.kind) {
    case 'log':
      return el('pre', `cell-log cell-level-${ev.level}`, ev.text);
    case 'tensor':
    case 'text':
      return el('pre', 'cell-value', ev.text);
    case 'table':
      return renderTable(ev);
    case 'plot':
      return renderPlot(ev);
    case 'note':
      return el('p', 'cell-note', ev.text);
  }
}

/**
 * The error as the reader should see it: the message, where it happened and that line of their
 * code. `code` is the running cell's code; an error in another cell's function names that cell.
 */
export function renderError(err: CellErrorInfo, cellId: string, code: string): HTMLElement {
  const box = el('div', 'cell-error');
  box.setAttribute('role', 'alert');
  const head = el('p', 'cell-error-message');
  head.append(el('strong', '', err.name), document.createTextNode(`: ${err.message}`));
  box.append(head);
  if (err.line !== undefined) {
    const other = err.cellId && err.cellId !== cellId ? ` of cell “${err.cellId}”` : '';
    box.append(el('p', 'cell-error-where', `at line ${err.line}${other}`));
    const src = other ? undefined : code.split('\n')[err.line - 1];
    if (src !== undefined) box.append(el('pre', 'cell-error-line', `${err.line} | ${src}`));
  }
  return box;
}
