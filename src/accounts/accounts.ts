import { and, desc, eq, inArray } from 'drizzle-orm';
import { requireContractFor } from '../access/index.ts';
import { moneyFactorAprEquivalent } from '../core/lease.ts';
import { leaseBalanceSchedule, mileageAllowance } from '../core/lease-end.ts';
import type { Actor } from '../core/policy.ts';
import {
  type ServicedContract,
  type ServicedLease,
  type ServicedLoan,
  toServicedContract,
} from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { contractGrants, contractParties, contracts, payments, users, vehicles } from '../db/schema.ts';
import { autopayStatuses } from '../payments/index.ts';
import type { Clock } from '../platform/clock.ts';
import { contractSchedule, contractStatus, positionSummaries, statusOf } from '../servicing/index.ts';

async function vehicleOf(db: Db, contractId: string) {
  const [row] = await db.select().from(vehicles).where(eq(vehicles.contractId, contractId));
  return row ? vehicleSummary(row) : null;
}

function vehicleSummary(row: typeof vehicles.$inferSelect) {
  return { year: row.year, make: row.make, model: row.model, trim: row.trim, vinLast6: row.vin.slice(-6) };
}

/** The terms as disclosed at signing (Reg Z §1026.18 for a loan, Reg M §1013.4 for a lease). */
function commonTerms(contract: ServicedContract) {
  return {
    contractDate: contract.contractDate,
    firstPaymentDate: contract.firstPaymentDate,
    maturityDate: contract.maturityDate,
    termMonths: contract.termMonths,
    paymentCents: contract.payment,
    totalOfPaymentsCents: contract.totalOfPayments,
  };
}

function loanTerms(contract: ServicedLoan) {
  return {
    ...commonTerms(contract),
    amountFinancedCents: contract.amountFinanced,
    aprPercent: contract.aprPercent,
    financeChargeCents: contract.financeCharge,
    finalPaymentCents: contract.finalPayment,
  };
}

function leaseTerms(contract: ServicedLease) {
  return {
    ...commonTerms(contract),
    grossCapCostCents: contract.grossCapCost,
    capCostReductionCents: contract.capCostReduction,
    adjustedCapCostCents: contract.adjustedCapCost,
    residualValueCents: contract.residualValue,
    depreciationCents: contract.depreciation,
    rentChargeCents: contract.rentCharge,
    moneyFactor: contract.moneyFactor,
    aprEquivalentPercent: moneyFactorAprEquivalent(contract.moneyFactor),
    basePaymentCents: contract.basePayment,
    monthlyTaxCents: contract.monthlyTax,
    mileageAllowancePerYear: contract.mileageAllowancePerYear,
    mileageAllowanceTotal: mileageAllowance(contract.mileageAllowancePerYear, contract.termMonths),
    excessMileageRateCents: contract.excessMileageRateCents,
    dispositionFeeCents: contract.dispositionFee,
    purchaseOptionPriceCents: contract.purchaseOptionPrice,
  };
}

/**
 * One account: the disclosed terms, the balances today and what is due, if the actor may view it
 * (from its stored position, as `contractStatus` reads it).
 */
export async function viewAccount(db: Db, clock: Clock, actor: Actor, contractNumber: string) {
  const contract = await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  const status = await contractStatus(db, clock, contractNumber);
  const { balances } = status;
  const common = {
    contractNumber: contract.contractNumber,
    status: contract.status,
    asOf: status.asOf,
    vehicle: await vehicleOf(db, contract.id),
    due: {
      amountDueCents: status.amountDueCents,
      nextDueDate: status.nextDueDate,
      nextDueAmountCents: status.nextDueAmountCents,
      pastDueCents: status.pastDueCents,
      daysPastDue: status.daysPastDue,
    },
  };
  if (contract.kind === 'retail_installment') {
    return {
      ...common,
      kind: contract.kind,
      terms: loanTerms(contract),
      balances: {
        principalCents: balances.principalCents,
        accruedInterestCents: balances.accruedInterestCents,
        feesCents: balances.feesCents,
        unappliedCents: balances.unappliedCents,
        perDiemCents: status.perDiemCents,
      },
    };
  }
  return {
    ...common,
    kind: contract.kind,
    terms: leaseTerms(contract),
    balances: {
      // A lease has no principal or daily interest: what is owed is the base payments still to come.
      remainingBasePaymentsCents: balances.leaseReceivableCents,
      feesCents: balances.feesCents,
      unappliedCents: balances.unappliedCents,
    },
  };
}

/**
 * The dashboard list: every contract the customer is a party to, and those they hold a live grant
 * on (`role: 'grantee'`, with the grant; a grantee may have no customer record), with what is due
 * next and the last payment. Set-based: the stored positions (recomputed together for any not as of
 * today), so the number of queries does not grow with the contracts or their history.
 */
export async function listAccounts(db: Db, clock: Clock, actor: Actor) {
  if (actor.kind !== 'customer') return [];
  const mine = actor.customerId
    ? await db
        .select({ contractId: contractParties.contractId, role: contractParties.role })
        .from(contractParties)
        .where(eq(contractParties.customerId, actor.customerId))
    : [];
  // The session judged which grants are live today (identity/sessions.ts); a party's own role wins.
  const grantedIds = (actor.grants ?? [])
    .map((g) => g.contractId)
    .filter((id) => !mine.some((m) => m.contractId === id));
  const granted = grantedIds.length
    ? await db
        .select({
          contractId: contractGrants.contractId,
          id: contractGrants.id,
          permission: contractGrants.permission,
          grantedBy: users.displayName,
          endsOn: contractGrants.endsOn,
        })
        .from(contractGrants)
        .innerJoin(users, eq(users.id, contractGrants.grantorId))
        .where(
          and(
            inArray(contractGrants.contractId, grantedIds),
            eq(contractGrants.granteeId, actor.userId),
            eq(contractGrants.status, 'active'),
          ),
        )
    : [];
  const grantOf = new Map(granted.map(({ contractId, ...grant }) => [contractId, grant]));
  const ids = [...mine.map((m) => m.contractId), ...grantOf.keys()];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ contract: contracts, vehicle: vehicles })
    .from(contracts)
    .leftJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .where(inArray(contracts.id, ids))
    .orderBy(contracts.contractNumber);
  // The latest posted payment of each contract, not every payment ever made.
  const latest = await db
    .selectDistinctOn([payments.contractId], {
      contractId: payments.contractId,
      receivedOn: payments.receivedOn,
      amountCents: payments.amountCents,
    })
    .from(payments)
    .where(and(inArray(payments.contractId, ids), eq(payments.status, 'posted')))
    .orderBy(payments.contractId, desc(payments.receivedOn), desc(payments.createdAt));
  const lastPayment = new Map(
    latest.map((p) => [p.contractId, { date: p.receivedOn, amountCents: p.amountCents }]),
  );
  const roleOf = new Map(mine.map((m) => [m.contractId, m.role]));
  const autopay = await autopayStatuses(db, ids);
  const serviced = rows.map((row) => toServicedContract(row.contract));
  const positions = await positionSummaries(db, serviced, clock.today());
  return rows.map((row, i) => {
    const status = statusOf(serviced[i]!, positions.get(row.contract.id)!);
    return {
      contractNumber: status.contractNumber,
      kind: status.kind,
      status: status.status,
      role: roleOf.get(row.contract.id) ?? ('grantee' as const),
      grant: grantOf.get(row.contract.id) ?? null,
      vehicle: row.vehicle ? vehicleSummary(row.vehicle) : null,
      balanceCents:
        status.kind === 'lease' ? status.balances.leaseReceivableCents : status.balances.principalCents,
      amountDueCents: status.amountDueCents,
      pastDueCents: status.pastDueCents,
      daysPastDue: status.daysPastDue,
      nextDueDate: status.nextDueDate,
      nextDueAmountCents: status.nextDueAmountCents,
      lastPayment: lastPayment.get(row.contract.id) ?? null,
      // AutoPay is the holders' own (no grant shows it).
      autopay: roleOf.has(row.contract.id) ? (autopay.get(row.contract.id) ?? null) : null,
    };
  });
}

type Credit = { receivedOn: string; interest: number; principal: number; principalAfter: number | null };
type Attributed = { paidOn: string[]; interest: number; principal: number; balanceAfter: number | null };

/**
 * Which payments paid which installment: each payment's credit to installments fills them oldest
 * first (as the delinquency rules count it), its interest before its principal (as the waterfall
 * applies it). An installment is paid when filled; the balance after it is the principal left then.
 */
export function attributePayments(amounts: number[], credits: Credit[]): Attributed[] {
  const rows: Attributed[] = amounts.map(() => ({
    paidOn: [],
    interest: 0,
    principal: 0,
    balanceAfter: null,
  }));
  let index = 0;
  let filled = 0;
  for (const credit of credits) {
    let { interest, principal } = credit;
    while (interest + principal > 0 && index < rows.length) {
      const row = rows[index]!;
      const room = amounts[index]! - filled;
      const toInterest = Math.min(interest, room);
      const toPrincipal = Math.min(principal, room - toInterest);
      row.interest += toInterest;
      row.principal += toPrincipal;
      interest -= toInterest;
      principal -= toPrincipal;
      filled += toInterest + toPrincipal;
      if (!row.paidOn.includes(credit.receivedOn)) row.paidOn.push(credit.receivedOn);
      if (filled === amounts[index]) {
        row.balanceAfter = credit.principalAfter;
        index += 1;
        filled = 0;
      }
    }
  }
  return rows;
}

/**
 * The schedule as disclosed beside what happened: per installment the estimated split and balance
 * (a lease's from its actuarial schedule: rent charge and depreciation) and what was paid, when,
 * and, for a loan, how much of it went to interest and to principal and the principal left after it.
 */
export async function accountSchedule(db: Db, clock: Clock, actor: Actor, contractNumber: string) {
  const contract = await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  const schedule = await contractSchedule(db, clock, contractNumber);
  const posted = schedule.payments.filter((p) => p.status === 'posted');
  const isLoan = contract.kind === 'retail_installment';
  let principal = isLoan ? contract.amountFinanced : 0;
  const credits: Credit[] = posted.map((p) => {
    principal -= p.allocation.principalCents;
    if (!isLoan) {
      const credited = p.allocation.leaseReceivableCents + p.allocation.salesTaxCents;
      return { receivedOn: p.receivedOn, interest: 0, principal: credited, principalAfter: null };
    }
    // A principal-only payment lowers the balance but pays no installment.
    const credits = p.intent !== 'principal_only';
    return {
      receivedOn: p.receivedOn,
      interest: credits ? p.allocation.interestCents : 0,
      principal: credits ? p.allocation.principalCents : 0,
      principalAfter: principal,
    };
  });
  const attributed = attributePayments(
    schedule.installments.map((i) => i.amountCents),
    credits,
  );
  const leaseEstimates =
    contract.kind === 'lease'
      ? leaseBalanceSchedule({
          adjustedCapCost: contract.adjustedCapCost,
          residualValue: contract.residualValue,
          basePayment: contract.basePayment,
          termMonths: contract.termMonths,
        })
      : undefined;
  const sum = (pick: (p: (typeof posted)[number]) => number) => posted.reduce((s, p) => s + pick(p), 0);
  return {
    ...schedule,
    installments: schedule.installments.map((inst, i) => {
      const lease = leaseEstimates?.[i];
      const actual = attributed[i]!;
      return {
        ...inst,
        estimatedInterestCents: lease ? lease.rentCharge : inst.estimatedInterestCents,
        estimatedPrincipalCents: lease ? lease.depreciation : inst.estimatedPrincipalCents,
        estimatedBalanceCents: lease ? lease.balanceAfter : inst.estimatedBalanceCents,
        paidOn: actual.paidOn,
        interestPaidCents: isLoan ? actual.interest : null,
        principalPaidCents: isLoan ? actual.principal : null,
        balanceAfterCents: actual.balanceAfter,
      };
    }),
    totals: {
      paidCents: sum((p) => p.amountCents),
      interestPaidCents: isLoan ? sum((p) => p.allocation.interestCents) : null,
      principalPaidCents: isLoan ? sum((p) => p.allocation.principalCents) : null,
    },
  };
}
