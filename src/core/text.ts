/**
 * The one rule for free text people type: names, addresses, cities, nicknames, passkey names,
 * search words, references, vehicle makes and models, and message bodies to come. The text is
 * read as Unicode NFC, trimmed, and refused when it holds a character that breaks what it flows
 * into:
 * - C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F): PostgreSQL refuses NUL in text,
 *   a CR or LF splits a statement line or a record of the mail house's print file, and a bell or
 *   an escape reaches whatever terminal shows a log;
 * - bidirectional controls (embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069, and
 *   the marks U+200E, U+200F, U+061C): invisible, they reorder what is shown, so a nickname or a
 *   name could be made to read as another;
 * - unpaired UTF-16 surrogates: not text at all; UTF-8 cannot carry them, so the database would
 *   silently get U+FFFD instead.
 * Line breaks (stored as \n, whatever the sender's line endings) and tabs are allowed only in a
 * multi-line text. Lengths count characters as code points of the normalized text, not UTF-16
 * units, so "é" is one character however it was typed and an emoji is not two.
 * Pure, for the API's schemas, the web forms, the CLI's scan of stored values and the tests alike.
 */

export type TextShape = {
  /** Line breaks and tabs allowed (a message body); a name or an address is one line. */
  multiline?: boolean | undefined;
};

/** What a character breaks; a single-line text reports `line_break` before `control`. */
export type TextProblem = 'unpaired_surrogate' | 'line_break' | 'control' | 'bidi';

export type TextProblemAt = {
  problem: TextProblem;
  /** The offending character, as U+XXXX. */
  character: string;
  /** Its place in the text, in characters (code points) from 1. */
  position: number;
};

// \p{Cc} is exactly C0, DEL and C1 (U+0000–U+001F, U+007F–U+009F).
const CONTROL = /\p{Cc}/u;
const LINE_BREAK = /[\n\r\u2028\u2029]/u;
const MULTILINE_ALLOWED = /[\n\t]/u;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// Carriage returns (alone or before \n) and the Unicode line and paragraph separators are line breaks.
const LINE_ENDINGS = /\r\n?|[\u2028\u2029]/gu;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function problemOf(ch: string, multiline: boolean): TextProblem | undefined {
  // A lone surrogate is one UTF-16 unit; a pair iterates as one character and is fine.
  if (ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff)
    return 'unpaired_surrogate';
  if (multiline && MULTILINE_ALLOWED.test(ch)) return undefined;
  if (!multiline && LINE_BREAK.test(ch)) return 'line_break';
  if (CONTROL.test(ch)) return 'control';
  if (BIDI.test(ch)) return 'bidi';
  return undefined;
}

/** The first character the rule refuses, where it is and why; undefined when every character is allowed. */
export function findTextProblem(text: string, shape: TextShape = {}): TextProblemAt | undefined {
  let position = 0;
  // Iterating a string yields code points, and a lone surrogate on its own.
  for (const ch of text) {
    position += 1;
    const problem = problemOf(ch, shape.multiline ?? false);
    if (problem) return { problem, character: codePoint(ch), position };
  }
  return undefined;
}

/** NFC, then (multi-line only) every line ending as \n, then trimmed: the form every field stores. */
export function normalizeText(input: string, shape: TextShape = {}): string {
  const nfc = input.normalize('NFC');
  return (shape.multiline ? nfc.replace(LINE_ENDINGS, '\n') : nfc).trim();
}

/** Characters as people count them here: code points (of a normalized text). */
export function textLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

export type TextRule = TextShape & {
  /** The most characters (code points after normalization). */
  max: number;
};

export type TextVerdict =
  | { ok: true; value: string }
  | ({ ok: false } & (
      | { problem: TextProblem; at: TextProblemAt }
      | { problem: 'empty' }
      | { problem: 'too_long'; length: number }
    ));

/**
 * Judges what someone typed: its normalized form, or why it is refused. Empty (after trimming) is
 * reported as such; whether that is "required" or "left out" is the field's to say.
 */
export function checkText(input: string, rule: TextRule): TextVerdict {
  const value = normalizeText(input, rule);
  const at = findTextProblem(value, rule);
  if (at) return { ok: false, problem: at.problem, at };
  if (value === '') return { ok: false, problem: 'empty' };
  const length = textLength(value);
  if (length > rule.max) return { ok: false, problem: 'too_long', length };
  return { ok: true, value };
}

/** Why a character is refused, as the end of a sentence that starts with the field's name. */
export function textProblemReason(problem: TextProblem, shape: TextShape = {}): string {
  switch (problem) {
    case 'line_break':
    case 'control':
      return shape.multiline
        ? 'cannot contain control characters'
        : 'cannot contain control characters or line breaks';
    case 'bidi':
      return 'cannot contain invisible characters that change the direction of the text';
    case 'unpaired_surrogate':
      return 'cannot contain broken characters (unpaired UTF-16 surrogates)';
  }
}

/** What is wrong with a value already stored; none of these can come in through the API any more. */
export type StoredTextProblem =
  | TextProblemAt
  | { problem: 'not_nfc' }
  | { problem: 'untrimmed' }
  | { problem: 'empty' };

/** Every way a stored value breaks the rule (lengths aside: each field has its own). */
export function storedTextProblems(value: string, shape: TextShape = {}): StoredTextProblem[] {
  const problems: StoredTextProblem[] = [];
  const at = findTextProblem(value, shape);
  if (at) problems.push(at);
  // A lone surrogate survives NFC unchanged, so this holds for any string.
  if (value.normalize('NFC') !== value) problems.push({ problem: 'not_nfc' });
  if (value === '') problems.push({ problem: 'empty' });
  else if (value.trim() !== value) problems.push({ problem: 'untrimmed' });
  return problems;
}

/** A stored problem in words, for a report such as `npm run cli -- text check`. */
export function describeStoredTextProblem(p: StoredTextProblem): string {
  switch (p.problem) {
    case 'not_nfc':
      return 'not in Unicode normal form C (NFC)';
    case 'untrimmed':
      return 'spaces or line breaks at the start or end';
    case 'empty':
      return 'empty (a missing value should be absent)';
    case 'line_break':
      return `a line break (${p.character}) at character ${p.position}`;
    case 'control':
      return `a control character (${p.character}) at character ${p.position}`;
    case 'bidi':
      return `a text-direction control (${p.character}) at character ${p.position}`;
    case 'unpaired_surrogate':
      return `an unpaired surrogate (${p.character}) at character ${p.position}`;
  }
}
