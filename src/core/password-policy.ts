import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';

/**
 * What a new password must be, after NIST SP 800-63B-4 §3.1.1.2: long enough, not too long to hash,
 * any Unicode, no composition rules (no "one digit and one symbol"), and not on a list of common or
 * breached passwords nor made of words from this context (the User ID, the person's name, the
 * service's name). Pure and browser-safe, so the web app can reuse `passwordScore` for a meter.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const PRODUCT_NAME = 'autofin';

export type PasswordScore = 0 | 1 | 2 | 3 | 4;

/** Words a person's password must not contain: their User ID and names. */
export type PasswordContext = {
  userId?: string | undefined;
  names?: readonly (string | null | undefined)[] | undefined;
};

export type PasswordProblem = 'too_short' | 'too_long' | 'product_name' | 'user_id' | 'name' | 'too_common';

export type PasswordVerdict =
  | { ok: true; score: PasswordScore }
  | { ok: false; problem: PasswordProblem; reason: string };

/** Shorter context words are not checked: a two-letter name would forbid half the dictionary. */
const MIN_CONTEXT_WORD = 3;

// Bounds on zxcvbn's work, which runs on the event loop: a 128-character string of repeats and
// l33t look-alikes costs ~0.7 s with the defaults and under 80 ms with these. A password past 64
// characters is judged on its first 64, which is plenty to catch anything on a common list.
const ZXCVBN_MAX_LENGTH = 64;
const ZXCVBN_MAX_L33T_SUBSTITUTIONS = 10;

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  // Built on first use: ranking the dictionaries takes a quarter of a second.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
    maxLength: ZXCVBN_MAX_LENGTH,
    l33tMaxSubstitutions: ZXCVBN_MAX_L33T_SUBSTITUTIONS,
  });
  return factory;
}

/** The length people mean: Unicode code points of the NFC form ("é" is one, however it was typed). */
export function passwordLength(password: string): number {
  return [...password.normalize('NFC')].length;
}

const fold = (s: string) => s.normalize('NFC').toLowerCase();

function contextWords(context: PasswordContext): string[] {
  const words = [PRODUCT_NAME, context.userId, ...(context.names ?? [])];
  return words.filter((w): w is string => typeof w === 'string' && passwordLength(w.trim()) > 0);
}

/** zxcvbn's 0–4 strength (0 too guessable … 4 very unguessable), counting the context words as known. */
export function passwordScore(password: string, context: PasswordContext = {}): PasswordScore {
  return zxcvbn().check(password.normalize('NFC'), contextWords(context)).score as PasswordScore;
}

/** Judges a new password; a refusal carries a reason to show beside the field. */
export function checkPassword(password: string, context: PasswordContext = {}): PasswordVerdict {
  const normalized = password.normalize('NFC');
  const length = passwordLength(normalized);
  if (length < PASSWORD_MIN_LENGTH) {
    return {
      ok: false,
      problem: 'too_short',
      reason: `Use at least ${PASSWORD_MIN_LENGTH} characters (this one has ${length}).`,
    };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return {
      ok: false,
      problem: 'too_long',
      reason: `Use at most ${PASSWORD_MAX_LENGTH} characters (this one has ${length}).`,
    };
  }
  const folded = fold(normalized);
  if (folded.includes(PRODUCT_NAME)) {
    return {
      ok: false,
      problem: 'product_name',
      reason: 'Don’t use the name of this site (“Autofin”) in your password.',
    };
  }
  const userId = context.userId?.trim();
  if (userId && passwordLength(userId) >= MIN_CONTEXT_WORD && folded.includes(fold(userId))) {
    return { ok: false, problem: 'user_id', reason: 'Don’t use your User ID in your password.' };
  }
  for (const raw of context.names ?? []) {
    const name = raw?.trim();
    if (name && passwordLength(name) >= MIN_CONTEXT_WORD && folded.includes(fold(name))) {
      return { ok: false, problem: 'name', reason: `Don’t use your name (“${name}”) in your password.` };
    }
  }
  const result = zxcvbn().check(normalized, contextWords(context));
  // The whole password is one dictionary entry (a common password, maybe reversed or in l33t), or
  // zxcvbn reckons it falls to fewer than 10^8 guesses.
  const wholeIsDictionaryWord = result.sequence.length === 1 && result.sequence[0]?.pattern === 'dictionary';
  if (wholeIsDictionaryWord || result.score <= 2) {
    return {
      ok: false,
      problem: 'too_common',
      reason:
        'This password is too common or too easy to guess. Try three or four unrelated words, or a sentence only you would write.',
    };
  }
  return { ok: true, score: result.score as PasswordScore };
}
