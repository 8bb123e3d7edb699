import { and, eq, inArray, sql } from 'drizzle-orm';
import { contractResource, requireViewableContract } from '../access/index.ts';
import type { CalendarDate } from '../core/dates.ts';
import { LENDER } from '../core/lender.ts';
import { changeWindowEnd } from '../core/payment-dates.ts';
import { can } from '../core/policy.ts';
import { findContract, type ServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { autopayEnrollments, paymentMethods, paymentOrders } from '../db/schema.ts';
import { formatMailInstant, renderMail, sendMail } from '../notifications/index.ts';
import { auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { positionOf } from '../servicing/index.ts';
import type { AutopayRequest, AutopayResponse } from './autopay.schemas.ts';
import {
  type EnrollmentRow,
  LIVE,
  lastDueDate,
  methodLabel,
  nextOccurrence,
  type OrderRow,
  usd,
} from './autopay-debits.ts';
import {
  businessNow,
  type Payer,
  type PaymentSettings,
  requirePayableContract,
  requireUsableMethod,
} from './payments.ts';

/**
 * AutoPay (issue 6): a standing authorization to debit one of the customer's methods for each
 * installment of one contract. The daily cycle's step turns it into one `payment_orders` row per due
 * date, 10 days ahead (payments/autopay-debits.ts), which `postDuePayments` posts like any scheduled
 * payment; the customer sees and may cancel that occurrence in the payments list. This file is the
 * customer's side: see, enrol, change, pause, resume, cancel.
 */

/**
 * The Regulation E authorization (12 CFR 1005.10(b): preauthorized debits need a written or similarly
 * authenticated authorization, and the consumer a copy). The one place its words live: a change of
 * wording is a new version, and an enrolment stores the version and the words accepted.
 */
export const AUTOPAY_AUTHORIZATION = {
  version: '2026-12-01',
  text: ({ contractNumber }: { contractNumber: string }) =>
    [
      `I authorize ${LENDER.name} to debit the bank account or debit card I chose, each month, for the installments of account ${contractNumber}, until I cancel AutoPay.`,
      'Each debit is the installment still due plus any extra principal I chose, never more than I owe. The last debit is exactly the payoff amount on its date, so the account ends with nothing owed: it follows any payment, fee or reversal made after I was told its amount.',
      'Each debit is made on the due date, or the number of days before it that I chose; when that is not a business day, on the business day before.',
      'When a debit will differ in amount from the one before, I will be told by email at least 10 days before it is made.',
      `I may pause or cancel AutoPay, or cancel one debit, online until the payment cut-off of the business day before the debit, or by calling ${LENDER.phone} (${LENDER.hours}) at least 3 business days before it.`,
      'A debit my bank returns may bring the returned-payment fee my contract allows. After two returned debits AutoPay is suspended and I will be told.',
    ].join('\n\n'),
} as const;

/** Why an order was cancelled by a pause: a resume brings such an order back (a person's own cancel stays). */
const CANCELLED_BY_PAUSE = 'AutoPay was paused.';

/* ---------- The customer's API: see, enrol, change, pause, resume, cancel ---------- */

async function liveEnrollment(tx: Db, contractId: string, forUpdate = false) {
  const query = tx
    .select({ enrollment: autopayEnrollments, method: paymentMethods })
    .from(autopayEnrollments)
    .innerJoin(paymentMethods, eq(paymentMethods.id, autopayEnrollments.paymentMethodId))
    .where(and(eq(autopayEnrollments.contractId, contractId), inArray(autopayEnrollments.status, [...LIVE])));
  const [row] = await (forUpdate ? query.for('update', { of: autopayEnrollments }) : query);
  return row;
}

function unprocessable(code: string, message: string, fields?: Record<string, string>) {
  return new DomainError('unprocessable', code, message, fields);
}

/** The AutoPay of a contract the actor may see: the enrolment, the authorization to show, the next debit. */
export async function getAutopay(
  db: Db,
  clock: Clock,
  payer: Payer,
  contractNumber: string,
): Promise<AutopayResponse> {
  const contract = await requireViewableContract(db, payer.actor, contractNumber);
  return autopayAnswer(db, clock, payer, contract);
}

async function autopayAnswer(
  tx: Db,
  clock: Clock,
  payer: Payer,
  contract: ServicedContract,
): Promise<AutopayResponse> {
  const live = await liveEnrollment(tx, contract.id);
  const today = clock.today();
  const position = await positionOf(tx, contract, today);
  const canPay =
    contract.status === 'active' && can(payer.actor, 'contract.pay', await contractResource(tx, contract.id));
  let nextDebit: AutopayResponse['nextDebit'] = null;
  if (live) {
    const [scheduled] = await tx
      .select()
      .from(paymentOrders)
      .where(and(eq(paymentOrders.autopayId, live.enrollment.id), eq(paymentOrders.status, 'scheduled')))
      .orderBy(paymentOrders.effectiveDate)
      .limit(1);
    if (scheduled) {
      nextDebit = {
        date: scheduled.effectiveDate,
        forDueDate: scheduled.forDueDate!,
        amountCents: scheduled.amountCents,
        isFinal: scheduled.forDueDate === lastDueDate(contract),
        paymentId: scheduled.id,
      };
    } else if (live.enrollment.status === 'active' && contract.status === 'active') {
      const next = await nextOccurrence(tx, contract, live.enrollment, today);
      if (next)
        nextDebit = {
          date: next.effectiveDate,
          forDueDate: next.installment.dueDate,
          amountCents: next.amountCents,
          isFinal: next.isFinal,
          paymentId: null,
        };
    }
  }
  const enrolledByMe = live?.enrollment.userId === payer.userId;
  return {
    contractNumber: contract.contractNumber,
    enrollment: live
      ? {
          status: live.enrollment.status as 'active' | 'paused' | 'suspended',
          method: {
            id: live.method.id,
            kind: live.method.kind,
            nickname: live.method.nickname,
            last4: live.method.last4,
            status: live.method.status,
          },
          extraPrincipalCents: live.enrollment.extraPrincipalCents,
          daysBeforeDue: live.enrollment.daysBeforeDue,
          authorizationVersion: live.enrollment.authorizationVersion,
          acceptedAt: live.enrollment.acceptedAt.toISOString(),
          returnsCount: live.enrollment.returnsCount,
          enrolledByMe,
        }
      : null,
    authorization: {
      version: AUTOPAY_AUTHORIZATION.version,
      text: AUTOPAY_AUTHORIZATION.text({ contractNumber: contract.contractNumber }),
    },
    nextDebit,
    scheduledPaymentCents: position.due.nextDue?.amount ?? 0,
    canManage: canPay && (!live || enrolledByMe),
  };
}

const onlyTheEnrolled = () =>
  new DomainError(
    'forbidden',
    'AUTOPAY.ENROLLED_BY_OTHER',
    'Only the person who set up AutoPay on this account can change, pause or cancel it.',
  );

/** The debits of an enrolment that may still be changed or cancelled: their change window is open, as for any payment. */
async function changeableOrders(
  tx: Db,
  clock: Clock,
  settings: PaymentSettings,
  where: ReturnType<typeof and>,
) {
  const orders = await tx.select().from(paymentOrders).where(where).for('update');
  const now = businessNow(clock);
  return orders.filter(
    (o: OrderRow) =>
      now.instant.getTime() <
      changeWindowEnd(o.effectiveDate as CalendarDate, settings.cutoff, now).getTime(),
  );
}

/**
 * Enrols in AutoPay, or changes the enrolment (method, extra principal, days before the due date), or
 * with `status` alone pauses or resumes it. Any new terms need the current authorization accepted:
 * the acceptance (version, time, address, person) is stored and the full text mailed. The debits
 * already scheduled and still before their cut-off follow the change.
 */
export async function putAutopay(
  db: Db,
  clock: Clock,
  settings: PaymentSettings,
  payer: Payer,
  contractNumber: string,
  request: AutopayRequest,
  meta: RequestMeta,
): Promise<AutopayResponse> {
  return db.transaction(async (tx) => {
    // The contract's lock makes two enrolments at once take turns (the unique index stops the second anyway).
    await findContract(tx, contractNumber, { forUpdate: true });
    const contract = await requirePayableContract(tx, payer.actor, contractNumber, 'autopay');
    const live = await liveEnrollment(tx, contract.id, true);
    if (live && live.enrollment.userId !== payer.userId) throw onlyTheEnrolled();
    const changesTerms =
      request.paymentMethodId !== undefined ||
      request.extraPrincipalCents !== undefined ||
      request.daysBeforeDue !== undefined ||
      request.authorizationVersion !== undefined;
    const audit = { actor: auditActorOf(payer.actor), requestId: meta.requestId, ip: meta.ip };
    const resource = { type: 'contract', id: contractNumber };
    const now = clock.now();

    if (!changesTerms) {
      // Pause or resume only.
      if (!live) {
        throw unprocessable('AUTOPAY.NOT_ENROLLED', 'AutoPay is not set up on this account.', {
          paymentMethodId: 'Choose the payment method for AutoPay.',
        });
      }
      const { enrollment } = live;
      if (request.status === enrollment.status) return autopayAnswer(tx, clock, payer, contract);
      if (enrollment.status === 'suspended') {
        const message =
          'AutoPay is suspended: set it up again with a method that can be used, and accept the authorization.';
        throw unprocessable('AUTOPAY.SUSPENDED', message, { authorizationVersion: message });
      }
      await tx
        .update(autopayEnrollments)
        .set({ status: request.status!, updatedAt: now })
        .where(eq(autopayEnrollments.id, enrollment.id));
      if (request.status === 'paused') {
        const orders = await changeableOrders(
          tx,
          clock,
          settings,
          and(eq(paymentOrders.autopayId, enrollment.id), eq(paymentOrders.status, 'scheduled')),
        );
        for (const o of orders)
          await tx
            .update(paymentOrders)
            .set({ status: 'cancelled', failureReason: CANCELLED_BY_PAUSE, updatedAt: now })
            .where(eq(paymentOrders.id, o.id));
      } else {
        // Resuming brings back the debits the pause cancelled, if their cut-off has not passed.
        const orders = await changeableOrders(
          tx,
          clock,
          settings,
          and(
            eq(paymentOrders.autopayId, enrollment.id),
            eq(paymentOrders.status, 'cancelled'),
            eq(paymentOrders.failureReason, CANCELLED_BY_PAUSE),
          ),
        );
        for (const o of orders)
          await tx
            .update(paymentOrders)
            .set({ status: 'scheduled', failureReason: null, updatedAt: now })
            .where(eq(paymentOrders.id, o.id));
      }
      await recordAudit(tx, {
        ...audit,
        action: request.status === 'paused' ? 'autopay.pause' : 'autopay.resume',
        resource,
        details: { autopayId: enrollment.id },
      });
      return autopayAnswer(tx, clock, payer, contract);
    }

    if (request.status === 'paused') {
      const message = 'Pause AutoPay on its own, without other changes.';
      throw unprocessable('AUTOPAY.PAUSE_ALONE', message, { status: message });
    }
    const methodId = request.paymentMethodId ?? live?.enrollment.paymentMethodId;
    const missing: Record<string, string> = {};
    if (!methodId) missing.paymentMethodId = 'Choose the payment method for AutoPay.';
    if (request.authorizationVersion === undefined)
      missing.authorizationVersion = 'Read the authorization and accept it.';
    if (Object.keys(missing).length > 0) {
      throw unprocessable('AUTOPAY.INCOMPLETE', 'Some fields are missing.', missing);
    }
    if (request.authorizationVersion !== AUTOPAY_AUTHORIZATION.version) {
      const message = 'The authorization has changed since you read it: read the current one and accept it.';
      throw unprocessable('AUTOPAY.AUTHORIZATION_OUTDATED', message, { authorizationVersion: message });
    }
    const method = await requireUsableMethod(tx, { userId: payer.userId }, methodId!);
    const terms = {
      paymentMethodId: method.id,
      extraPrincipalCents: request.extraPrincipalCents ?? live?.enrollment.extraPrincipalCents ?? 0,
      daysBeforeDue: request.daysBeforeDue ?? live?.enrollment.daysBeforeDue ?? 0,
    };
    // The words as accepted are kept with the acceptance: a later version never rewrites them.
    const acceptance = {
      authorizationVersion: AUTOPAY_AUTHORIZATION.version,
      authorizationText: AUTOPAY_AUTHORIZATION.text({ contractNumber: contract.contractNumber }),
      acceptedAt: now,
      acceptedIp: meta.ip ?? 'unknown',
    };
    let enrollment: EnrollmentRow;
    if (live) {
      // A suspended enrolment set up again starts its count of returns afresh.
      [enrollment] = (await tx
        .update(autopayEnrollments)
        .set({
          ...terms,
          ...acceptance,
          status: 'active',
          ...(live.enrollment.status === 'suspended' ? { returnsCount: 0 } : {}),
          updatedAt: now,
        })
        .where(eq(autopayEnrollments.id, live.enrollment.id))
        .returning()) as [EnrollmentRow];
      // The debits still before their cut-off follow the new terms (a paused one comes back).
      const orders = await changeableOrders(
        tx,
        clock,
        settings,
        and(
          eq(paymentOrders.autopayId, enrollment.id),
          sql`(${paymentOrders.status} = 'scheduled' or (${paymentOrders.status} = 'cancelled' and ${paymentOrders.failureReason} = ${CANCELLED_BY_PAUSE}))`,
        ),
      );
      const next = await nextOccurrence(tx, contract, enrollment, clock.today());
      for (const o of orders) {
        const sameInstallment = next && next.installment.dueDate === o.forDueDate;
        await tx
          .update(paymentOrders)
          .set(
            sameInstallment
              ? {
                  status: 'scheduled',
                  failureReason: null,
                  paymentMethodId: method.id,
                  secCode: method.kind === 'bank_account' ? 'WEB' : null,
                  amountCents: next.amountCents,
                  effectiveDate: next.effectiveDate,
                  updatedAt: now,
                }
              : { status: 'cancelled', failureReason: 'AutoPay was changed.', updatedAt: now },
          )
          .where(eq(paymentOrders.id, o.id));
      }
    } else {
      [enrollment] = (await tx
        .insert(autopayEnrollments)
        .values({
          contractId: contract.id,
          userId: payer.userId,
          ...terms,
          ...acceptance,
          status: 'active',
          updatedAt: now,
        })
        .returning()) as [EnrollmentRow];
    }
    await recordAudit(tx, {
      ...audit,
      action: live ? 'autopay.change' : 'autopay.enroll',
      resource,
      details: {
        autopayId: enrollment.id,
        ...terms,
        authorizationVersion: acceptance.authorizationVersion,
        ...(live
          ? {
              before: {
                paymentMethodId: live.enrollment.paymentMethodId,
                extraPrincipalCents: live.enrollment.extraPrincipalCents,
                daysBeforeDue: live.enrollment.daysBeforeDue,
                status: live.enrollment.status,
              },
            }
          : {}),
      },
    });
    const answer = await autopayAnswer(tx, clock, payer, contract);
    await sendMail(tx, clock, {
      to: payer.email,
      ...renderMail('autopay-authorization', {
        displayName: payer.displayName,
        what: live ? 'changed' : 'set up',
        contractNumber,
        method: methodLabel(method),
        amount:
          terms.extraPrincipalCents > 0
            ? `Each installment still due plus ${usd(terms.extraPrincipalCents)} extra principal; the last payment is exactly the payoff.`
            : 'Each installment still due; the last payment is exactly the payoff.',
        timing:
          terms.daysBeforeDue === 0
            ? 'On the due date (the business day before, when it is not a business day).'
            : `${terms.daysBeforeDue} days before the due date (the business day before, when that is not a business day).`,
        status: answer.nextDebit
          ? `The next payment is ${usd(answer.nextDebit.amountCents)} on ${answer.nextDebit.date}.`
          : 'Nothing is due at the moment.',
        version: acceptance.authorizationVersion,
        acceptedAt: formatMailInstant(now),
        ip: acceptance.acceptedIp,
        authorization: acceptance.authorizationText,
      }),
    });
    return answer;
  });
}

/** Cancels AutoPay (the person who set it up): its debits still before their cut-off are cancelled too. */
export async function cancelAutopay(
  db: Db,
  clock: Clock,
  settings: PaymentSettings,
  payer: Payer,
  contractNumber: string,
  meta: RequestMeta,
): Promise<AutopayResponse> {
  return db.transaction(async (tx) => {
    await findContract(tx, contractNumber, { forUpdate: true });
    const contract = await requirePayableContract(tx, payer.actor, contractNumber, 'autopay');
    const live = await liveEnrollment(tx, contract.id, true);
    if (!live) {
      throw new DomainError('not_found', 'AUTOPAY.NOT_ENROLLED', 'AutoPay is not set up on this account.');
    }
    if (live.enrollment.userId !== payer.userId) throw onlyTheEnrolled();
    const now = clock.now();
    await tx
      .update(autopayEnrollments)
      .set({ status: 'cancelled', updatedAt: now })
      .where(eq(autopayEnrollments.id, live.enrollment.id));
    const orders = await changeableOrders(
      tx,
      clock,
      settings,
      and(eq(paymentOrders.autopayId, live.enrollment.id), eq(paymentOrders.status, 'scheduled')),
    );
    for (const o of orders)
      await tx
        .update(paymentOrders)
        .set({ status: 'cancelled', failureReason: 'AutoPay was cancelled.', updatedAt: now })
        .where(eq(paymentOrders.id, o.id));
    await recordAudit(tx, {
      actor: auditActorOf(payer.actor),
      action: 'autopay.cancel',
      resource: { type: 'contract', id: contractNumber },
      requestId: meta.requestId,
      ip: meta.ip,
      details: { autopayId: live.enrollment.id, cancelledPaymentOrders: orders.map((o) => o.id) },
    });
    return autopayAnswer(tx, clock, payer, contract);
  });
}

/** The dashboard's AutoPay status per contract (null: not set up). */
export async function autopayStatuses(db: Db, contractIds: string[]) {
  if (contractIds.length === 0) return new Map<string, 'active' | 'paused' | 'suspended'>();
  const rows = await db
    .select({ contractId: autopayEnrollments.contractId, status: autopayEnrollments.status })
    .from(autopayEnrollments)
    .where(
      and(inArray(autopayEnrollments.contractId, contractIds), inArray(autopayEnrollments.status, [...LIVE])),
    );
  return new Map(rows.map((r) => [r.contractId, r.status as 'active' | 'paused' | 'suspended']));
}
