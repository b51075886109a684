// The CodeMirror 6 editor of a cell, loaded with `import()` on first focus or Run so pages that are
// only read never download it. Colours are CSS variables set in cells.css to GitHub's light/dark
// default themes, the same ones Shiki uses for the static code, so nothing shifts on activation.
//
// Not `basicSetup` from 'codemirror': its search panel, autocompletion, lint and folding would
// push this chunk plus the worker's transpiler over the 200 KiB (gzipped) budget, and a short
// cell needs none of them.
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, drawSelection,
} from '@codemirror/view';
import { EditorState, Prec } from '@codemirror/state';
import { typescriptLanguage } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting, indentOnInput, bracketMatching } from '@codemirror/language';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { tags as t } from '@lezer/highlight';

const v = (name: string) => `var(--cm-${name})`;

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.modifier, t.controlKeyword, t.definitionKeyword, t.moduleKeyword], color: v('keyword') },
  { tag: [t.string, t.special(t.string), t.regexp], color: v('string') },
  { tag: [t.comment, t.lineComment, t.blockComment], color: v('comment'), fontStyle: 'italic' },
  { tag: [t.number, t.bool, t.null, t.atom, t.constant(t.variableName), t.self], color: v('constant') },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: v('function') },
  { tag: [t.typeName, t.className, t.definition(t.variableName)], color: v('variable') },
  { tag: [t.propertyName], color: v('constant') },
  { tag: [t.operator, t.punctuation, t.bracket], color: v('fg') },
]);

const theme = EditorView.theme({
  '&': { color: v('fg'), backgroundColor: v('bg'), fontSize: '0.88rem' },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: v('fg'), padding: '0.8rem 0' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: v('bg'), color: v('comment'), border: 'none' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: v('active') },
  '&.cm-focused .cm-cursor': { borderLeftColor: v('fg') },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: v('selection') },
  // Drawn on the editor's edge, outside it: inside, the line-number gutter would cover its left side.
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '0' },
});

export interface EditorHooks {
  label: string;
  onRun: () => void;
  onChange: (code: string) => void;
}

export interface CellEditor {
  getCode(): string;
  setCode(code: string): void;
  focus(): void;
  destroy(): void;
}

export function createEditor(parent: HTMLElement, doc: string, hooks: EditorHooks): CellEditor {
  const run = () => {
    hooks.onRun();
    return true;
  };
  const view = new EditorView({
    doc,
    parent,
    extensions: [
      // Before basicSetup's keymap, so Shift/Ctrl/Cmd+Enter run instead of inserting a line.
      Prec.highest(keymap.of([
        { key: 'Mod-Enter', run },
        { key: 'Shift-Enter', run },
      ])),
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap]),
      typescriptLanguage,
      syntaxHighlighting(highlight),
      theme,
      // tabindex: the editable content is the keyboard's way into the scroller (axe's
      // scrollable-region-focusable does not count contenteditable alone).
      EditorView.contentAttributes.of({ 'aria-label': hooks.label, tabindex: '0' }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) hooks.onChange(u.state.doc.toString());
      }),
    ],
  });
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
