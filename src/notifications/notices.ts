import { and, desc, eq, gte, inArray, isNull, notExists, or } from 'drizzle-orm';
import { addDays } from '../core/dates.ts';
import type { Actor } from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import { accountNotices, contractParties, contracts, noticeDismissals } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { type Notice, notice } from './notices.schemas.ts';

/** How long a notice stays on the dashboard unless dismissed sooner. */
const NOTICE_DAYS = 90;
const MOST_SHOWN = 20;

type NewNotice = Pick<Notice, 'kind' | 'details'> & {
  contractId: string;
  /** One notice per cause (the payment id, the statement date…): posting it twice keeps the first. */
  cause: string;
  occurredOn: string;
  /** Addressed to one person (who made a request); everyone on the account otherwise. */
  userId?: string;
};

/** Records a notice in the caller's transaction, so it exists exactly when what it reports does. */
export async function postNotice(db: Db, clock: Clock, value: NewNotice): Promise<void> {
  await db
    .insert(accountNotices)
    .values({ ...value, createdAt: clock.now() })
    .onConflictDoNothing();
}

/** The customer's notices: recent, on accounts they are a party to, addressed to them or to all, not dismissed. */
export async function listNotices(db: Db, clock: Clock, actor: Actor): Promise<Notice[]> {
  if (actor.kind !== 'customer' || !actor.customerId) return [];
  const rows = await db
    .select({
      id: accountNotices.id,
      contractNumber: contracts.contractNumber,
      kind: accountNotices.kind,
      details: accountNotices.details,
      occurredOn: accountNotices.occurredOn,
    })
    .from(accountNotices)
    .innerJoin(contracts, eq(contracts.id, accountNotices.contractId))
    .where(
      and(
        visibleTo(db, actor.userId, actor.customerId),
        gte(accountNotices.occurredOn, addDays(clock.today(), -NOTICE_DAYS)),
      ),
    )
    .orderBy(desc(accountNotices.occurredOn), desc(accountNotices.id))
    .limit(MOST_SHOWN);
  return rows.map((row) => notice.parse(row));
}

/**
 * Takes a notice off this person's dashboard. A notice they cannot see answers 404 like one that
 * does not exist; dismissing twice is the same as once.
 */
export async function dismissNotice(db: Db, clock: Clock, actor: Actor, id: number): Promise<void> {
  const [visible] =
    actor.kind === 'customer' && actor.customerId
      ? await db
          .select({ id: accountNotices.id })
          .from(accountNotices)
          .where(
            and(
              eq(accountNotices.id, id),
              visibleTo(db, actor.userId, actor.customerId, { dismissed: true }),
            ),
          )
      : [];
  if (!visible)
    throw new DomainError('not_found', 'NOTICES.NOT_FOUND', `There is no notice ${id} that you can see.`);
  await db
    .insert(noticeDismissals)
    .values({ noticeId: id, userId: actor.userId, dismissedAt: clock.now() })
    .onConflictDoNothing();
}

function visibleTo(db: Db, userId: string, customerId: string, options: { dismissed?: boolean } = {}) {
  const onMyAccounts = inArray(
    accountNotices.contractId,
    db
      .select({ id: contractParties.contractId })
      .from(contractParties)
      .where(eq(contractParties.customerId, customerId)),
  );
  const toMe = or(isNull(accountNotices.userId), eq(accountNotices.userId, userId));
  if (options.dismissed) return and(onMyAccounts, toMe);
  const notDismissed = notExists(
    db
      .select({ id: noticeDismissals.noticeId })
      .from(noticeDismissals)
      .where(and(eq(noticeDismissals.noticeId, accountNotices.id), eq(noticeDismissals.userId, userId))),
  );
  return and(onMyAccounts, toMe, notDismissed);
}
