import { and, count, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { formAttempts } from '../db/schema.ts';
import { issueChallenge, redeemChallenge } from './challenge.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';

/**
 * The public forms that send mail or test facts about people (registration, forgot User ID, forgot
 * password) are throttled by address: each try is recorded; after a few in an hour the browser must
 * also solve a proof-of-work challenge (as sign-in asks after failures), and after many the form is
 * refused for the rest of the hour. A person needs one or two tries; a script guessing contract
 * facts or flooding someone's mailbox needs thousands.
 */
export type ThrottledForm = 'register' | 'forgot_user_id' | 'forgot_password';

export const FORM_CHALLENGE_AFTER = 3;
export const FORM_REFUSE_AFTER = 20;
const WINDOW_MS = 60 * 60_000;

/**
 * Admits one try of `form` from `ip`, or refuses it: 429 `FORM.TOO_MANY_TRIES`, or 401
 * `AUTH.CHALLENGE_REQUIRED` with a challenge to solve and send back (`solution`). Only an admitted
 * try is counted, so solving the challenge does not itself use up the hour's tries.
 */
export async function admitFormTry(
  db: Db,
  clock: Clock,
  challengeKey: string,
  form: ThrottledForm,
  ip: string,
  solution: string | undefined,
): Promise<void> {
  const now = clock.now();
  const [recent] = await db
    .select({ tries: count() })
    .from(formAttempts)
    .where(
      and(
        eq(formAttempts.form, form),
        eq(formAttempts.ip, ip),
        gt(formAttempts.occurredAt, new Date(now.getTime() - WINDOW_MS)),
      ),
    );
  const tries = recent?.tries ?? 0;
  if (tries >= FORM_REFUSE_AFTER) {
    throw new DomainError(
      'rate_limited',
      'FORM.TOO_MANY_TRIES',
      'This form has been sent too many times from your network. Please try again in an hour.',
    );
  }
  if (tries >= FORM_CHALLENGE_AFTER && !(await redeemChallenge(db, clock, challengeKey, solution))) {
    throw new DomainError(
      'unauthenticated',
      'AUTH.CHALLENGE_REQUIRED',
      'Please wait while we check that you are a person, then send the form again.',
      undefined,
      { challenge: await issueChallenge(challengeKey, clock) },
    );
  }
  await db.insert(formAttempts).values({ form, ip, occurredAt: now });
}
