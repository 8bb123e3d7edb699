import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NASTY_CHARACTERS, nastyText } from './fixtures/nasty-text.ts';
import {
  checkText,
  describeStoredTextProblem,
  findTextProblem,
  normalizeText,
  storedTextProblems,
  textLength,
  textProblemReason,
} from './text.ts';

const line = { max: 20 };
const body = { max: 20, multiline: true };

describe('checkText', () => {
  it.each([
    ['plain text', 'Main Street', 'Main Street'],
    ['trimmed', '  Main Street \n', 'Main Street'],
    ['composed to NFC', 'Jose\u0301', 'José'],
    ['the Angstrom sign as Å', '\u212b', 'Å'],
    ['inner spaces kept', 'Apt  4B', 'Apt  4B'],
    ['non-Latin scripts', 'Москва', 'Москва'],
    ['right-to-left text without controls', 'שלום', 'שלום'],
    ['emoji and joiners', '👩‍👩‍👧', '👩‍👩‍👧'],
  ])('accepts %s', (_name, input, value) => {
    expect(checkText(input, line)).toEqual({ ok: true, value });
  });

  it.each([
    ['NUL', 'Main\u0000St', 'control', 'U+0000', 5],
    ['a bell', 'Nick\u0007', 'control', 'U+0007', 5],
    ['a tab', 'a\tb', 'control', 'U+0009', 2],
    ['DEL', 'a\u007fb', 'control', 'U+007F', 2],
    ['a C1 control (NEL)', 'a\u0085b', 'control', 'U+0085', 2],
    ['the last C1 control', 'a\u009fb', 'control', 'U+009F', 2],
    ['a line feed', 'Phila\ndelphia', 'line_break', 'U+000A', 6],
    ['CR LF', 'Phila\r\ndelphia', 'line_break', 'U+000D', 6],
    ['a line separator', 'a\u2028b', 'line_break', 'U+2028', 2],
    ['a right-to-left override', 'My \u202ecard', 'bidi', 'U+202E', 4],
    ['a left-to-right embedding', '\u202aab', 'bidi', 'U+202A', 1],
    ['an isolate', 'a\u2066b\u2069', 'bidi', 'U+2066', 2],
    ['a right-to-left mark', 'a\u200fb', 'bidi', 'U+200F', 2],
    ['the Arabic letter mark', 'a\u061cb', 'bidi', 'U+061C', 2],
    ['a lone high surrogate', 'a\ud800b', 'unpaired_surrogate', 'U+D800', 2],
    ['a lone low surrogate', '\udfff', 'unpaired_surrogate', 'U+DFFF', 1],
    ['a character after an emoji', '😀\u0000', 'control', 'U+0000', 2],
  ])('refuses %s in a single line', (_name, input, problem, character, position) => {
    expect(checkText(input, line)).toEqual({ ok: false, problem, at: { problem, character, position } });
  });

  it('refuses empty and blank text as empty, for the field to call required or left out', () => {
    for (const input of ['', '   ', '\n\t ', '\u3000\ufeff'])
      expect(checkText(input, line)).toEqual({ ok: false, problem: 'empty' });
  });

  it('counts characters as code points of the normalized text, not UTF-16 units', () => {
    expect(checkText('😀'.repeat(20), line)).toEqual({ ok: true, value: '😀'.repeat(20) });
    expect(checkText('e\u0301'.repeat(20), line)).toEqual({ ok: true, value: 'é'.repeat(20) });
    expect(checkText('x'.repeat(21), line)).toEqual({ ok: false, problem: 'too_long', length: 21 });
    expect(textLength('a😀é')).toBe(3);
  });

  it('in a multi-line text keeps line breaks as \\n and tabs, and still refuses other controls', () => {
    expect(checkText('one\r\ntwo\rthree\u2028four', { max: 40, multiline: true })).toEqual({
      ok: true,
      value: 'one\ntwo\nthree\nfour',
    });
    expect(checkText('a\tb', body)).toEqual({ ok: true, value: 'a\tb' });
    expect(checkText('a\u0000b', body)).toMatchObject({ ok: false, problem: 'control' });
    expect(checkText('a\u000bb', body)).toMatchObject({ ok: false, problem: 'control' });
    expect(checkText('a\u202eb', body)).toMatchObject({ ok: false, problem: 'bidi' });
  });
});

describe('the reasons', () => {
  it('finish a sentence that starts with the field', () => {
    expect(`The city ${textProblemReason('line_break')}.`).toBe(
      'The city cannot contain control characters or line breaks.',
    );
    expect(textProblemReason('control', { multiline: true })).toBe('cannot contain control characters');
    expect(textProblemReason('bidi')).toContain('direction');
  });
});

describe('storedTextProblems', () => {
  it.each([
    ['Philadelphia', []],
    ['Jose\u0301', ['not in Unicode normal form C (NFC)']],
    [' Austin', ['spaces or line breaks at the start or end']],
    ['', ['empty (a missing value should be absent)']],
    ['Phila\ndelphia', ['a line break (U+000A) at character 6']],
    [
      'Nick\u0007 ',
      ['a control character (U+0007) at character 5', 'spaces or line breaks at the start or end'],
    ],
    ['\u202eabc', ['a text-direction control (U+202E) at character 1']],
    ['\ud800', ['an unpaired surrogate (U+D800) at character 1']],
  ])('judges %j', (value, problems) => {
    expect(storedTextProblems(value).map(describeStoredTextProblem)).toEqual(problems);
  });
});

describe('properties', () => {
  const runs = { numRuns: 500 };

  it('normalizing gives NFC, trimmed text, and normalizing again changes nothing', () => {
    fc.assert(
      fc.property(nastyText(), fc.boolean(), (input, multiline) => {
        const once = normalizeText(input, { multiline });
        expect(normalizeText(once, { multiline })).toBe(once);
        expect(once.normalize('NFC')).toBe(once);
        expect(once.trim()).toBe(once);
      }),
      runs,
    );
  });

  it('whatever checkText accepts passes the rule as stored, within the limit, and is accepted again unchanged', () => {
    fc.assert(
      fc.property(nastyText(30), fc.boolean(), (input, multiline) => {
        const rule = { max: 30, multiline };
        const verdict = checkText(input, rule);
        if (!verdict.ok) return;
        expect(storedTextProblems(verdict.value, rule)).toEqual([]);
        expect(textLength(verdict.value)).toBeLessThanOrEqual(30);
        expect(checkText(verdict.value, rule)).toEqual(verdict);
      }),
      runs,
    );
  });

  it('the normalized form of text without refused characters always passes the rule', () => {
    const allowed = nastyText().map((s) =>
      // Drop every character the rule refuses (iterating keeps lone surrogates apart).
      [...s].filter((ch) => findTextProblem(ch) === undefined).join(''),
    );
    fc.assert(
      fc.property(allowed, (input) => {
        expect(storedTextProblems(normalizeText(input)).filter((p) => p.problem !== 'empty')).toEqual([]);
      }),
      runs,
    );
  });

  const refused = NASTY_CHARACTERS.filter((ch) => findTextProblem(ch) !== undefined);
  const controls = [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)].map((c) =>
    String.fromCharCode(c),
  );

  it('refuses any text with a control character, a text-direction control or a lone surrogate inside', () => {
    fc.assert(
      fc.property(
        nastyText(),
        fc.constantFrom(...controls, ...refused),
        nastyText(),
        fc.boolean(),
        (before, bad, after, multiline) => {
          // Between two letters, so trimming cannot take it away.
          const input = `${before}a${bad}b${after}`;
          // A multi-line text takes line breaks and tabs; nothing else in the list.
          fc.pre(!(multiline && /^(\n|\r|\r\n|\t|\u2028|\u2029)$/.test(bad)));
          expect(checkText(input, { max: 10_000, multiline })).toMatchObject({ ok: false });
        },
      ),
      runs,
    );
  });
});
