import type { CalendarDate } from '../core/dates.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { ContractRange } from './contract-range.ts';

export type AutopayRun = { scheduled: number; amountNotices: number };

/**
 * The daily cycle's AutoPay step for one business date and chunk of contracts (being built: issue 6).
 */
export async function runAutopayStep(
  _db: Db,
  _clock: Clock,
  _businessDate: CalendarDate,
  _range?: ContractRange,
): Promise<AutopayRun> {
  return { scheduled: 0, amountNotices: 0 };
}
