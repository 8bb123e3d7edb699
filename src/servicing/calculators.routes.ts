import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AprError, computeApr } from '../core/apr.ts';
import { calendarDate } from '../core/dates.ts';
import { discloseLease } from '../core/lease.ts';
import { discloseLoan } from '../core/loan.ts';
import { cents } from '../core/money.ts';
import { DomainError } from '../platform/errors.ts';
import {
  aprCalculatorRequest,
  aprCalculatorResponse,
  leaseCalculatorRequest,
  leaseCalculatorResponse,
  loanCalculatorRequest,
  loanCalculatorResponse,
} from './calculators.schemas.ts';

/** The core names amounts `amount`; the request calls them `amountCents`. Other paths are the same. */
function requestField(coreField: string): string {
  return coreField.replace(/\.amount$/, '.amountCents');
}

/** Public calculators: what a loan or a lease would cost, computed by the same core that services contracts. */
export async function calculatorRoutes(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/api/v1/calculators/loan',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calculators'],
        summary: 'Monthly payment, finance charge and schedule of a retail installment loan',
        description:
          'Monthly unit period at APR / 12; each month’s interest rounded half up to the cent; the level payment rounded half up; the final payment absorbs the remainder.',
        body: loanCalculatorRequest,
        response: { 200: loanCalculatorResponse },
      },
    },
    async (request) => {
      const result = discloseLoan({
        amountFinanced: cents(request.body.amountFinancedCents),
        aprPercent: request.body.aprPercent,
        termMonths: request.body.termMonths,
      });
      return {
        paymentCents: result.payment,
        finalPaymentCents: result.finalPayment,
        totalOfPaymentsCents: result.totalOfPayments,
        financeChargeCents: result.financeCharge,
        schedule: result.schedule.map((row) => ({
          number: row.number,
          paymentCents: row.payment,
          interestCents: row.interest,
          principalCents: row.principal,
          balanceCents: row.balanceAfter,
        })),
      };
    },
  );

  routes.post(
    '/api/v1/calculators/lease',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calculators'],
        summary: 'Monthly payment of a closed-end lease (Regulation M §1013.4(f))',
        description:
          'Base payment = depreciation / term + (adjusted cap cost + residual) × money factor, rounded half up once; rent charge = base payment × term − depreciation; tax on the base payment rounded half up.',
        body: leaseCalculatorRequest,
        response: { 200: leaseCalculatorResponse },
      },
    },
    async (request) => {
      const b = request.body;
      const result = discloseLease({
        grossCapCost: cents(b.grossCapCostCents),
        capCostReduction: cents(b.capCostReductionCents),
        residualValue: cents(b.residualValueCents),
        moneyFactor: b.moneyFactor,
        termMonths: b.termMonths,
        taxRatePercent: b.taxRatePercent,
      });
      return {
        adjustedCapCostCents: result.adjustedCapCost,
        depreciationCents: result.depreciation,
        rentChargeCents: result.rentCharge,
        totalOfBasePaymentsCents: result.totalOfBasePayments,
        basePaymentCents: result.basePayment,
        taxCents: result.tax,
        paymentCents: result.payment,
        aprEquivalentPercent: result.aprEquivalentPercent,
      };
    },
  );

  routes.post(
    '/api/v1/calculators/apr',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calculators'],
        summary: 'Annual percentage rate of a closed-end transaction (Regulation Z, Appendix J)',
        description:
          'The actuarial method of 12 CFR 1026 Appendix J: the unit-period is the most common period between payments (or the average rounded to a standard interval), time is counted in whole unit-periods plus a fraction, and the general equation is solved for the rate; APR = unit-period rate × unit-periods a year, half up to two decimals. A transaction with no APR (payments on or before the first advance, or totalling less than the advances) answers 400 CALCULATORS.NO_APR naming the field.',
        body: aprCalculatorRequest,
        response: { 200: aprCalculatorResponse },
      },
    },
    async (request) => {
      const b = request.body;
      try {
        const result = computeApr(
          b.advances.map((a) => ({ amount: cents(a.amountCents), date: calendarDate(a.date) })),
          b.payments.map((p) => ({
            amount: cents(p.amountCents),
            count: p.count,
            firstDate: calendarDate(p.firstDate),
            frequency: p.frequency,
          })),
        );
        return { aprPercent: result.aprPercent, unitPeriodsPerYear: result.unitPeriodsPerYear };
      } catch (error) {
        if (!(error instanceof AprError)) throw error;
        const field = requestField(error.field);
        throw new DomainError('invalid', 'CALCULATORS.NO_APR', error.message, { [field]: error.message });
      }
    },
  );
}
