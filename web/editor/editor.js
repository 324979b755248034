// The browser checker's code editor: CodeMirror 6, driven from the Yew app through the few
// methods of `PlimsollEditor` (bound in web/src/code_editor.rs). `cargo xtask web` bundles this
// file with its pinned dependencies into dist/editor.js, which boot.js loads before the app
// starts; the lint worker never loads it.
//
// Positions: findings give 1-based lines and 1-based columns in UTF-16 code units on the text
// as the user gave it. CodeMirror counts a line break (LF or CRLF) as one position, so a
// finding is placed by its line and column, never by its offset, and the text handed back is
// joined with the line break the loaded text used: the linted text is the user's, byte for byte.

import { EditorState, EditorSelection, Compartment, StateEffect, StateField } from '@codemirror/state';
import {
  EditorView, Decoration, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, placeholder,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  syntaxHighlighting, foldGutter, foldKeymap, indentOnInput, bracketMatching,
} from '@codemirror/language';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { setDiagnostics, lintGutter, lintKeymap } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { json } from '@codemirror/lang-json';
import { classHighlighter } from '@lezer/highlight';

// The selected finding's range, kept in place through edits.
const selectFinding = StateEffect.define();
const selectedMark = Decoration.mark({ class: 'cm-finding-selected' });
const selectedField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(selectFinding)) {
        const { from, to } = e.value;
        marks = from < to ? Decoration.set([selectedMark.range(from, to)]) : Decoration.none;
      }
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// JSON when the text starts like JSON, YAML otherwise (YAML is a superset; this picks the
// grammar that highlights it best).
function isJson(doc) {
  return /^\s*[{[]/.test(doc.sliceString(0, Math.min(doc.length, 256)));
}

// The position of a 1-based line and UTF-16 column, clamped to the document.
function position(doc, { line, column }) {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(l.from + Math.max(column, 1) - 1, l.to);
}

function span(doc, range) {
  const from = position(doc, range.start);
  return { from, to: Math.max(from, position(doc, range.end)) };
}

const SEVERITY = { error: 'error', warning: 'warning', info: 'info' };

export class PlimsollEditor {
  /**
   * @param {HTMLElement} parent where the editor goes
   * @param {(text: string) => void} onChange called with the whole text after every edit
   */
  constructor(parent, onChange) {
    this.eol = '\n';
    this.language = new Compartment();
    this.languageName = 'yaml';
    this.findingsDoc = null;
    const editor = this;
    // Reachable from the page's DOM, for the end-to-end tests and the console.
    parent.plimsollEditor = this;
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: '',
        extensions: [
          lineNumbers(),
          lintGutter(),
          foldGutter(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          syntaxHighlighting(classHighlighter),
          this.language.of(yaml()),
          selectedField,
          // CodeMirror's own styles go in a style element that the page's CSP admits by this
          // nonce (index.html).
          EditorView.cspNonce.of('plimsoll-editor'),
          placeholder('Paste a CloudFormation template here, drop a file, or pick an example.'),
          keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...foldKeymap,
            ...lintKeymap, indentWithTab]),
          EditorView.contentAttributes.of({
            'aria-label': 'CloudFormation template (YAML or JSON)',
            spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off',
            // In the tab order in its own right (as well as being editable), so that its
            // scrolling region counts as reachable from the keyboard.
            tabindex: '0',
          }),
          // A dropped file is opened by the page (it replaces the text), not inserted here:
          // the event goes on to the editor's container.
          EditorView.domEventHandlers({
            drop: (event) => Boolean(event.dataTransfer?.files?.length),
          }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            editor.followLanguage(update.state);
            // A load came from the page, which has the text already: handing megabytes back
            // would only cost time. (Undoing a load is an edit, and is reported.) Edits are
            // handed over in a task of their own, once for all the edits before it: a paste of
            // megabytes lands first, and the page takes the text after.
            if (editor.loading || editor.pending) return;
            editor.pending = true;
            setTimeout(() => {
              editor.pending = false;
              onChange(editor.text());
            }, 0);
          }),
        ],
      }),
    });
  }

  /** The main selection: its 1-based line and its text. */
  selection() {
    const { state } = this.view;
    const { from, to } = state.selection.main;
    return { line: state.doc.lineAt(from).number, text: state.doc.sliceString(from, to, this.eol) };
  }

  /** The whole text, with the line breaks the loaded text used. */
  text() {
    const doc = this.view.state.doc;
    return doc.sliceString(0, doc.length, this.eol);
  }

  followLanguage(state) {
    const wanted = isJson(state.doc) ? 'json' : 'yaml';
    if (wanted !== this.languageName) {
      this.languageName = wanted;
      // Outside the update that asked for it: an update listener cannot dispatch.
      queueMicrotask(() => this.view.dispatch({
        effects: this.language.reconfigure(wanted === 'json' ? json() : yaml()),
      }));
    }
  }

  /** Replaces the text (a file, an example or a link): one undoable change. */
  setText(text) {
    const doc = this.view.state.doc;
    // (The length test spares building the old text when it cannot be the same.)
    if (doc.length <= text.length && text === this.text()) return;
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.loading = true;
    try {
      this.view.dispatch({
        changes: { from: 0, to: doc.length, insert: text },
        selection: EditorSelection.cursor(0),
        effects: [selectFinding.of({ from: 0, to: 0 }), EditorView.scrollIntoView(0)],
        userEvent: 'input.load',
      });
    } finally {
      this.loading = false;
    }
    // The old text's findings would pile up at the start: the new text's come with its lint.
    this.view.dispatch(setDiagnostics(this.view.state, []));
  }

  /**
   * Shows the findings of the current text: underlines with the message on hover, gutter
   * markers, and each fix as an action of its finding.
   * @param {string} findingsJson the report's findings (`Finding[]` of the npm package's types)
   */
  setFindings(findingsJson) {
    const state = this.view.state;
    const doc = state.doc;
    this.findingsDoc = doc;
    const diagnostics = JSON.parse(findingsJson).map((f) => {
      const { from, to } = span(doc, f.range);
      const diagnostic = {
        from, to,
        severity: SEVERITY[f.severity] ?? 'info',
        source: f.code,
        message: f.message,
      };
      if (f.fix) {
        diagnostic.actions = [{
          name: 'Fix',
          apply: () => this.applyFix(JSON.stringify(f.fix.edits)),
        }];
      }
      return diagnostic;
    });
    this.view.dispatch(setDiagnostics(state, diagnostics));
  }

  /** Selects a range (1-based lines, UTF-16 columns), scrolls it to the middle and focuses. */
  reveal(startLine, startColumn, endLine, endColumn) {
    const doc = this.view.state.doc;
    const { from, to } = span(doc, {
      start: { line: startLine, column: startColumn },
      end: { line: endLine, column: endColumn },
    });
    this.view.dispatch({
      selection: EditorSelection.range(from, to),
      effects: [
        selectFinding.of({ from, to: Math.max(to, Math.min(from + 1, doc.lineAt(from).to)) }),
        EditorView.scrollIntoView(from, { y: 'center', x: 'center' }),
      ],
    });
    this.view.focus();
  }

  /**
   * Applies a fix's edits as one transaction, which undo reverts. Ignored when the text
   * changed since the findings were given (their positions would be off).
   * @param {string} editsJson the fix's edits (`Edit[]`)
   * @returns {boolean} whether it was applied
   */
  applyFix(editsJson) {
    const doc = this.view.state.doc;
    if (doc !== this.findingsDoc) return false;
    const changes = JSON.parse(editsJson).map((e) => ({
      ...span(doc, e.range),
      insert: e.replacement.replace(/\r?\n/g, this.view.state.lineBreak),
    }));
    this.view.dispatch({ changes, userEvent: 'input.fix', scrollIntoView: true });
    this.view.focus();
    return true;
  }

  destroy() {
    this.view.destroy();
  }
}

globalThis.PlimsollEditor = PlimsollEditor;
