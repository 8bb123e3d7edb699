import { and, count, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { formAttempts } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { issueChallenge, redeemChallenge } from './challenge.ts';

/**
 * The public forms that send mail or test facts about people (registration, forgot User ID, forgot
 * password) are throttled by address: each try is recorded; after a few in an hour the browser must
 * also solve a proof-of-work challenge (as sign-in asks after failures), and after many the form is
 * refused for the rest of the hour. A person needs one or two tries; a script guessing contract
 * facts or flooding someone's mailbox needs thousands.
 */
export type ThrottledForm = 'register' | 'forgot_user_id' | 'forgot_password' | 'guest_payment';

export const FORM_CHALLENGE_AFTER = 3;
export const FORM_REFUSE_AFTER = 20;
const WINDOW_MS = 60 * 60_000;

/** The tries of `form` recorded under `key` (an address, or another key a form counts by) in the last hour. */
export async function recentFormTries(
  db: Db,
  clock: Clock,
  form: ThrottledForm,
  key: string,
): Promise<number> {
  const [recent] = await db
    .select({ tries: count() })
    .from(formAttempts)
    .where(
      and(
        eq(formAttempts.form, form),
        eq(formAttempts.ip, key),
        gt(formAttempts.occurredAt, new Date(clock.now().getTime() - WINDOW_MS)),
      ),
    );
  return recent?.tries ?? 0;
}

/**
 * Admits one try of `form` from `ip`, or refuses it: 429 `FORM.TOO_MANY_TRIES`, or 401
 * `AUTH.CHALLENGE_REQUIRED` with a challenge to solve and send back (`solution`). Only an admitted
 * try is counted, so solving the challenge does not itself use up the hour's tries. A form with
 * its own reason to ask for the challenge sooner says so (`challenge`).
 */
export async function admitFormTry(
  db: Db,
  clock: Clock,
  challengeKey: string,
  form: ThrottledForm,
  ip: string,
  solution: string | undefined,
  options: { challenge?: boolean } = {},
): Promise<void> {
  const tries = await recentFormTries(db, clock, form, ip);
  if (tries >= FORM_REFUSE_AFTER) {
    throw new DomainError(
      'rate_limited',
      'FORM.TOO_MANY_TRIES',
      'This form has been sent too many times from your network. Please try again in an hour.',
    );
  }
  const needsChallenge = tries >= FORM_CHALLENGE_AFTER || options.challenge === true;
  if (needsChallenge && !(await redeemChallenge(db, clock, challengeKey, solution))) {
    throw new DomainError(
      'unauthenticated',
      'AUTH.CHALLENGE_REQUIRED',
      'Please wait while we check that you are a person, then send the form again.',
      undefined,
      { challenge: await issueChallenge(challengeKey, clock) },
    );
  }
  await db.insert(formAttempts).values({ form, ip, occurredAt: clock.now() });
}
