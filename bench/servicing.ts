import { performance } from 'node:perf_hooks';
import { addMonthsOnDueDay, type CalendarDate, calendarDate } from '../src/core/dates.ts';
import type { Db } from '../src/db/database.ts';
import { generatedContracts } from '../src/demo/demo-data.ts';
import type { Clock } from '../src/platform/clock.ts';
import { boardContracts } from '../src/servicing/boarding.ts';
import { postPayment } from '../src/servicing/payment-posting.ts';
import { contractPayoff } from '../src/servicing/servicing.ts';
import { type LatencyReport, latencyReport } from './latency.ts';

/** Boards one 72-month loan six years back and posts its 71 monthly payments, so a quote reads a long history. */
async function loanWithHistory(db: Db, clock: Clock, contractNumber: string): Promise<void> {
  const today = clock.today();
  const contractDate = addMonthsOnDueDay(today, -73);
  const [contract] = generatedContracts(3, 1, contractDate).map((c) => ({
    ...c,
    contractNumber,
    contractDate,
    firstPaymentDate: addMonthsOnDueDay(contractDate, 1),
  }));
  // generatedContracts(3, …) is a 72-month retail installment contract (index 3 → term 72).
  await boardContracts(db, clock, [contract], { actor: { type: 'system', id: 'bench' } });
  const first = calendarDate(contract!.firstPaymentDate);
  for (let i = 0; i < 71; i++) {
    await postPayment(
      db,
      clock,
      contractNumber,
      {
        amountCents: contract!.paymentCents,
        receivedOn: addMonthsOnDueDay(first, i),
        channel: 'ach',
        intent: 'regular',
      },
      { scope: 'bench', key: `history-${contractNumber}-${i}` },
      { actor: { type: 'system', id: 'bench' } },
    );
  }
}

export async function benchPayoffQuotes(db: Db, clock: Clock, quotes: number): Promise<LatencyReport> {
  await loanWithHistory(db, clock, 'BENCH-HIST-72');
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < quotes; i++) {
    const t0 = performance.now();
    await contractPayoff(db, clock, 'BENCH-HIST-72');
    latencies.push(performance.now() - t0);
  }
  return latencyReport(
    'payoff quote, loan with 72 months of history',
    latencies,
    performance.now() - started,
  );
}

/**
 * Posts `count` payments spread over `contracts` loans, `concurrency` at a time (each in its own
 * transaction with the contract's row lock and an idempotency key), all received today.
 */
export async function benchPaymentPostings(
  db: Db,
  clock: Clock,
  options: { count: number; contracts: number; concurrency: number; today: CalendarDate },
): Promise<LatencyReport> {
  const batch = generatedContracts(500_000, options.contracts, options.today).map((c) => c);
  for (let i = 0; i < batch.length; i += 1_000) {
    await boardContracts(db, clock, batch.slice(i, i + 1_000), { actor: { type: 'system', id: 'bench' } });
  }
  const numbers = batch.map((c) => c.contractNumber);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.count) {
      const n = next++;
      const contractNumber = numbers[n % numbers.length]!;
      const t0 = performance.now();
      await postPayment(
        db,
        clock,
        contractNumber,
        { amountCents: 100, receivedOn: options.today, channel: 'phone', intent: 'regular' },
        { scope: 'bench', key: `posting-${n}` },
        { actor: { type: 'system', id: 'bench' } },
      );
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return latencyReport(
    `${options.count.toLocaleString('en-US')} payment postings over ${options.contracts} contracts, ${options.concurrency} at a time`,
    latencies,
    performance.now() - started,
  );
}
