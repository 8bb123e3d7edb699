import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type Config, loadConfig } from '../config.ts';
import { cents, formatUsd } from '../core/money.ts';
import type { Db } from '../db/database.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { importAchReturns, writeAchFile } from '../services/ach.ts';
import { API_KEY_ROLES, type ApiKeyRole, createApiKey } from '../services/api-keys.ts';
import { movableClock, storedBusinessDate } from '../services/business-date.ts';
import { systemClock } from '../services/clock.ts';
import { checkLedger } from '../services/ledger.ts';
import { sandboxBankReturns } from '../services/sandbox-bank.ts';
import { SANDBOX_ACH_RETURNS } from '../services/sandbox-gateway.ts';
import { secretBox } from '../services/secret-box.ts';
import { loadSecretKey } from '../services/secret-key.ts';
import { boardFile } from './board.ts';
import { seedContracts } from './seed.ts';

/**
 * `npm run cli -- <command>`: operations that are not pages. `board` goes through the portal's API
 * (so it works while the portal runs, and needs an API key); `apikey` and `seed` open the database
 * directly (with the embedded database, stop the portal first: its data folder is locked).
 */
function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<T>) {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const program = new Command('autofin').description('Autofin command line').showHelpAfterError();

program
  .command('board')
  .description('Board the contracts in FILE (.csv or .json) through the portal API')
  .argument('<file>', 'a .csv or .json file of contracts')
  .option(
    '--skip-invalid',
    'board the valid rows and report the invalid ones (default: any invalid row boards nothing)',
  )
  .addOption(
    new Option('--url <url>', "the portal's address")
      .env('AUTOFIN_URL')
      .default(`http://127.0.0.1:${process.env.PORT ?? 3000}`),
  )
  .addOption(
    new Option('--api-key <key>', 'an API key with the boarding role')
      .env('AUTOFIN_API_KEY')
      .makeOptionMandatory(),
  )
  .action(async (file: string, options: { skipInvalid?: boolean; url: string; apiKey: string }) => {
    process.exitCode = await boardFile(
      file,
      { ...options, skipInvalid: options.skipInvalid ?? false },
      process.stdout,
    );
  });

const apikey = program.command('apikey').description('API keys for integrations');
apikey
  .command('create')
  .description('Create an API key; it is shown once and stored only as a hash')
  .addOption(new Option('--role <role>', 'what the key may do').choices(API_KEY_ROLES).makeOptionMandatory())
  .option('--label <label>', 'who or what uses the key', 'unnamed integration')
  .action(async (options: { role: ApiKeyRole; label: string }) => {
    const { key } = await withDatabase(({ db }) => createApiKey(db, options));
    process.stdout.write(`${key}\n`);
    process.stderr.write(
      `Created a "${options.role}" API key for ${options.label}. Store it now: it is not shown again.\n`,
    );
  });

program
  .command('ledger')
  .description('Ledger tools')
  .command('check')
  .description('Prove that every journal entry balances and every cached balance equals its postings')
  .action(async () => {
    const check = await withDatabase(({ db }) => checkLedger(db));
    const ok = check.unbalancedEntries.length === 0 && check.balanceMismatches.length === 0;
    process.stdout.write(
      `${check.entries} journal entries; ${check.unbalancedEntries.length} unbalanced; ${check.balanceMismatches.length} cached balances differ from their postings.\n`,
    );
    for (const e of check.unbalancedEntries)
      process.stdout.write(`  entry ${e.entryId} sums to ${e.sumCents} cents\n`);
    for (const m of check.balanceMismatches) {
      process.stdout.write(
        `  ${m.contractId} ${m.account}: cached ${m.cachedCents}, posted ${m.postedCents}\n`,
      );
    }
    process.exitCode = ok ? 0 : 1;
  });

program
  .command('seed')
  .description('Fill the database with generated contracts for scale tests')
  .requiredOption('--contracts <n>', 'how many contracts', positiveInteger)
  .action(async (options: { contracts: number }) => {
    const config = loadConfig();
    await withDatabase((database) =>
      seedContracts(database.db, systemClock(config.timeZone), options.contracts),
    );
  });

/** The business date: the stored one in time-travel mode, today in the portal's time zone otherwise. */
async function businessClock(db: Db, config: Config) {
  const real = systemClock(config.timeZone);
  return config.timeTravel ? movableClock((await storedBusinessDate(db)) ?? real.today()) : real;
}

const ach = program
  .command('ach')
  .description('ACH files: the debits sent to the bank and the returns it sends back');
ach
  .command('write-file')
  .description(
    "Write the NACHA file of the posted bank debits not sent yet (the cut-off's step of the daily cycle)",
  )
  .action(async () => {
    const config = loadConfig();
    const written = await withDatabase(async ({ db }) => {
      const clock = await businessClock(db, config);
      return writeAchFile(
        db,
        clock,
        secretBox(loadSecretKey(config)),
        config.payments.achOutgoingDir,
        clock.today(),
      );
    });
    process.stdout.write(
      written
        ? `Wrote ${path.join(config.payments.achOutgoingDir, written.fileName)}: ${written.entryCount} debits, ${formatUsd(cents(written.totalDebitCents))}.\n`
        : 'No bank debits waiting: no file written.\n',
    );
  });
ach
  .command('import-returns')
  .description('Read a NACHA return file: reverse each returned payment once, charge its fee, tell the payer')
  .argument('<file>', 'the return file from the bank')
  .action(async (file: string) => {
    const config = loadConfig();
    const text = await readFile(file, 'utf8');
    const outcomes = await withDatabase(async ({ db }) =>
      importAchReturns(db, await businessClock(db, config), text, {
        actor: { type: 'system', id: 'cli:ach' },
      }),
    );
    for (const o of outcomes) {
      process.stdout.write(
        o.outcome === 'returned'
          ? `  ${o.traceNumber} ${o.reasonCode}: payment ${o.confirmationNumber} reversed; fee ${formatUsd(cents(o.feeCents))}\n`
          : `  ${o.traceNumber} ${o.reasonCode}: ${o.outcome.replace('_', ' ')}\n`,
      );
    }
    const returned = outcomes.filter((o) => o.outcome === 'returned').length;
    process.stdout.write(`${outcomes.length} returns read; ${returned} payments reversed.\n`);
    process.exitCode = outcomes.some((o) => o.outcome === 'unmatched') ? 2 : 0;
  });

program
  .command('sandbox-bank')
  .description(
    "Play the bank: answer an ACH file with the return file the sandbox's test accounts cause (docs/sandbox-gateway.md)",
  )
  .argument('<file>', 'an ACH file the portal wrote')
  .option('--out <file>', 'where to write the return file', '')
  .action(async (file: string, options: { out: string }) => {
    const config = loadConfig();
    const returns = sandboxBankReturns(
      await readFile(file, 'utf8'),
      SANDBOX_ACH_RETURNS,
      systemClock(config.timeZone).today(),
    );
    if (!returns) {
      process.stdout.write('The sandbox bank returns nothing from this file.\n');
      return;
    }
    const out = options.out || file.replace(/\.ach$/, '') + '-RETURNS.ach';
    await writeFile(out, returns);
    process.stdout.write(`Wrote ${out}. Import it with: npm run cli -- ach import-returns ${out}\n`);
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
