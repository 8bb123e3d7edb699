import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { CalendarDate } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import type { Db } from '../db/database.ts';
import {
  importAchReturns,
  SANDBOX_ACH_RETURNS,
  sandboxBankReturns,
  writeAchFile,
} from '../payments/index.ts';
import { movableClock, storedBusinessDate } from '../platform/business-date.ts';
import { systemClock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { secretBox } from '../platform/secret-box.ts';
import { loadSecretKey } from '../platform/secret-key.ts';

/**
 * The ACH commands of `npm run cli` (docs/ach.md): write the cut-off's NACHA file, play the bank
 * answering it with returns, and import a return file. Each prints what it did and answers the exit code.
 */

/** The business date: the stored one in time-travel mode, today in the portal's time zone otherwise. */
async function businessClock(db: Db, config: Config) {
  const real = systemClock(config.timeZone);
  return config.timeTravel ? movableClock((await storedBusinessDate(db)) ?? real.today()) : real;
}

/** `ach write-file`: the NACHA file of the posted bank debits not sent yet, into the outgoing folder. */
export async function writeAchFileCommand(db: Db, config: Config, out: Writable): Promise<number> {
  const clock = await businessClock(db, config);
  const dir = config.payments.achOutgoingDir;
  const written = await writeAchFile(db, clock, secretBox(loadSecretKey(config)), dir, clock.today());
  if (!written) {
    out.write('No bank debits waiting: no file written.\n');
    return 0;
  }
  const debits = `${written.entryCount} debit${written.entryCount === 1 ? '' : 's'}`;
  out.write(
    `Wrote ${path.join(dir, written.fileName)}: ${debits}, ${formatUsd(cents(written.totalDebitCents))}.\n`,
  );
  return 0;
}

/**
 * Where the sandbox bank puts its answer unless told: the data folder's ach/incoming, never beside
 * the file it answers (the outgoing folder is what the bank picks up).
 */
export function defaultReturnsFile(config: Config, achFile: string): string {
  return path.join(config.dataDir, 'ach', 'incoming', `${path.basename(achFile, '.ach')}-RETURNS.ach`);
}

/** `sandbox-bank FILE`: the return file the sandbox's test accounts cause (docs/sandbox-gateway.md). */
export async function sandboxBankCommand(
  config: Config,
  achFile: string,
  options: { out?: string | undefined; today: CalendarDate },
  out: Writable,
): Promise<number> {
  const returns = sandboxBankReturns(await readFile(achFile, 'utf8'), SANDBOX_ACH_RETURNS, options.today);
  if (!returns) {
    out.write('The sandbox bank returns nothing from this file.\n');
    return 0;
  }
  const target = options.out || defaultReturnsFile(config, achFile);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, returns);
  out.write(`Wrote ${target}. Import it with: npm run cli -- ach import-returns ${target}\n`);
  return 0;
}

/** `ach import-returns FILE`: each returned payment reversed once, with its fee; 2 if a return matched no payment. */
export async function importReturnsCommand(
  db: Db,
  config: Config,
  returnsFile: string,
  out: Writable,
): Promise<number> {
  const text = await readFile(returnsFile, 'utf8');
  const outcomes = await importAchReturns(db, await businessClock(db, config), text, {
    actor: { type: 'system', id: 'cli:ach' },
  });
  for (const o of outcomes) {
    out.write(
      o.outcome === 'returned'
        ? `  ${o.traceNumber} ${o.reasonCode}: payment ${o.confirmationNumber} reversed; fee ${formatUsd(cents(o.feeCents))}\n`
        : `  ${o.traceNumber} ${o.reasonCode}: ${o.outcome.replace('_', ' ')}\n`,
    );
  }
  const returned = outcomes.filter((o) => o.outcome === 'returned').length;
  out.write(`${outcomes.length} returns read; ${returned} payments reversed.\n`);
  return outcomes.some((o) => o.outcome === 'unmatched') ? 2 : 0;
}
