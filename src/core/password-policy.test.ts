import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  type PasswordContext,
  type PasswordProblem,
  passwordLength,
  passwordScore,
} from './password-policy.ts';

const maria: PasswordContext = { userId: 'maria.garcia', names: ['Maria', 'Garcia'] };

describe('checkPassword', () => {
  const refused: [string, string, PasswordContext, PasswordProblem][] = [
    ['11 characters', 'kqzv tbnw r', {}, 'too_short'],
    [
      '11 code points, though 12 UTF-16 units (an emoji is a surrogate pair)',
      'kqzv tbnw 😀',
      {},
      'too_short',
    ],
    ['11 code points once NFC joins e + combining acute', 'kqzv tbnwe\u0301x', {}, 'too_short'],
    ['129 characters', `${'kqzvtbnwrx'.repeat(12)}kqzvtbnwr`, {}, 'too_long'],
    ['the product name', 'my autofin car loan 99', {}, 'product_name'],
    ['the product name in capitals', 'MyAUTOFINloan!!', {}, 'product_name'],
    ['the User ID', 'hello maria.garcia!', maria, 'user_id'],
    ['the User ID in another case', 'Hello MARIA.GARCIA!', maria, 'user_id'],
    ['the first name', 'sunny days for maria', maria, 'name'],
    ['the last name in capitals', 'GARCIA and the ocean', maria, 'name'],
    ['a common password', 'qwerty123456', {}, 'too_common'],
    ['a common password with digits', 'password1234', {}, 'too_common'],
    ['a common password reversed', '654321ytrewq', {}, 'too_common'],
    ['one character repeated', 'aaaaaaaaaaaa', {}, 'too_common'],
    ['a keyboard run', 'qwertyuiop[]', {}, 'too_common'],
    ['an alphabet run', 'abcdefghijkl', {}, 'too_common'],
    ['a repeated common word', 'letmeinletmein', {}, 'too_common'],
    ['a l33t common password', 'P@ssw0rd1234', {}, 'too_common'],
  ];
  it.each(refused)('refuses %s', (_what, password, context, problem) => {
    const verdict = checkPassword(password, context);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problem).toBe(problem);
  });

  const accepted: [string, string][] = [
    ['exactly 12 characters', 'kqzv tbnw rx'],
    ['exactly 128 characters', `${'kqzvtbnwrx'.repeat(12)}kqzvtbnw`],
    ['a passphrase of plain words (no composition rules)', 'correct horse battery staple'],
    ['a sentence', 'my dog is named rex'],
    ['any Unicode', 'ñandú café 日本語 пароль'],
    ['emoji', '🚗🌮🎸🦜🏔️🧭🪁🥁🛶🧩🪴🫖'],
  ];
  it.each(accepted)('accepts %s', (_what, password) => {
    expect(checkPassword(password, maria)).toMatchObject({ ok: true });
  });

  it('says why, in words a person can act on', () => {
    expect(checkPassword('short one')).toEqual({
      ok: false,
      problem: 'too_short',
      reason: 'Use at least 12 characters (this one has 9).',
    });
    expect(checkPassword('sunny days for maria', maria)).toMatchObject({
      reason: 'Don’t use your name (“Maria”) in your password.',
    });
  });

  it('ignores context words too short to mean anything', () => {
    expect(checkPassword('lighthouse keeper notes', { names: ['Li', 'Wu'] })).toMatchObject({ ok: true });
  });
});

describe('passwordLength', () => {
  it.each([
    ['abc', 3],
    ['😀', 1],
    ['e\u0301', 1],
    ['', 0],
  ])('counts %j as %i', (password, length) => {
    expect(passwordLength(password)).toBe(length);
  });
});

describe('passwordScore', () => {
  it('rates from 0 (guessable) to 4 (strong) for a strength meter', () => {
    expect(passwordScore('password')).toBe(0);
    expect(passwordScore('correct horse battery staple')).toBe(4);
  });

  it('counts the person’s own words as known', () => {
    expect(passwordScore('maria.garcia77')).toBe(4);
    expect(passwordScore('maria.garcia77', maria)).toBe(1);
  });
});
