import { Command, InvalidArgumentError, Option } from 'commander';
import { API_KEY_ROLES, type ApiKeyRole, createApiKey } from '../identity/index.ts';
import { systemClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { freeText } from '../platform/fields.schemas.ts';
import { openConfiguredDatabase } from '../platform/open-database.ts';
import { recordLedgerCheck } from '../servicing/index.ts';
import { importReturnsCommand, sandboxBankCommand, writeAchFileCommand } from './ach.ts';
import { boardFile } from './board.ts';
import { cycleStatusCommand, cycleWorkCommand } from './cycle.ts';
import { seedContracts } from './seed.ts';
import { textCheckCommand } from './text-check.ts';

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

/** An argument judged as the API judges free text (`platform/fields.schemas.ts`). */
function freeTextArgument(what: string, max: number) {
  const schema = freeText(what, { max });
  return (value: string): string => {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? `${what} is not valid.`);
    return parsed.data;
  };
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
  .addOption(
    new Option('--label <label>', 'who or what uses the key')
      .default('unnamed integration')
      .argParser(freeTextArgument('The label', 100)),
  )
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
  .description(
    'Prove that every journal entry balances, every cached balance equals its postings and every stored position its recomputation (kept for the console’s cycle page)',
  )
  .action(async () => {
    const clock = systemClock(loadConfig().timeZone);
    const { check } = await withDatabase(({ db }) => recordLedgerCheck(db, clock, 'cli'));
    const ok =
      check.unbalancedEntries.length === 0 &&
      check.balanceMismatches.length === 0 &&
      check.positionMismatches.length === 0;
    process.stdout.write(
      `${check.entries} journal entries; ${check.unbalancedEntries.length} unbalanced; ${check.balanceMismatches.length} cached balances differ from their postings; ${check.positionMismatches.length} stored positions differ from their recomputation.\n`,
    );
    for (const e of check.unbalancedEntries)
      process.stdout.write(`  entry ${e.entryId} sums to ${e.sumCents} cents\n`);
    for (const m of check.balanceMismatches) {
      process.stdout.write(
        `  ${m.contractNumber} ${m.account}: cached ${m.cachedCents}, posted ${m.postedCents}\n`,
      );
    }
    for (const m of check.positionMismatches) {
      const fields = m.fields.map((f) => `${f.field} stored ${f.stored}, recomputed ${f.recomputed}`);
      process.stdout.write(
        `  ${m.contractNumber} position${m.asOf ? ` as of ${m.asOf}: ${fields.join('; ')}` : ': none stored'}\n`,
      );
    }
    process.exitCode = ok ? 0 : 1;
  });

program
  .command('text')
  .description('Free text: names, addresses, nicknames and the like')
  .command('check')
  .description(
    'List stored free text that breaks the text rule (control or text-direction characters, line breaks, not NFC, untrimmed); changes nothing',
  )
  .action(async () => {
    process.exitCode = await withDatabase(({ db }) => textCheckCommand(db, process.stdout));
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

const ach = program
  .command('ach')
  .description('ACH files: the debits sent to the bank and the returns it sends back (docs/ach.md)');
ach
  .command('write-file')
  .description(
    "Write the NACHA file of the posted bank debits not sent yet (the cut-off's step of the daily cycle)",
  )
  .action(async () => {
    const config = loadConfig();
    process.exitCode = await withDatabase(({ db }) => writeAchFileCommand(db, config, process.stdout));
  });
ach
  .command('import-returns')
  .description('Read a NACHA return file: reverse each returned payment once, charge its fee, tell the payer')
  .argument('<file>', 'the return file from the bank')
  .action(async (file: string) => {
    const config = loadConfig();
    process.exitCode = await withDatabase(({ db }) => importReturnsCommand(db, config, file, process.stdout));
  });

program
  .command('sandbox-bank')
  .description(
    "Play the bank: answer an ACH file with the return file the sandbox's test accounts cause (docs/sandbox-gateway.md)",
  )
  .argument('<file>', 'an ACH file the portal wrote')
  .option('--out <file>', 'where to write the return file (default: <data folder>/ach/incoming/)')
  .action(async (file: string, options: { out?: string }) => {
    const config = loadConfig();
    process.exitCode = await sandboxBankCommand(
      config,
      file,
      { out: options.out, today: systemClock(config.timeZone).today() },
      process.stdout,
    );
  });

const cycle = program
  .command('cycle')
  .description('The daily close-of-business cycle (payments, ACH file, fees, delinquency, reminders)');
cycle
  .command('status')
  .description('Show the latest business dates’ cycles: each stage’s chunks done, what it did, failing steps')
  .option('--limit <n>', 'how many business dates', positiveInteger, 7)
  .action(async (options: { limit: number }) => {
    await withDatabase((database) => cycleStatusCommand(database, process.stdout, options.limit));
  });
cycle
  .command('work')
  .description('Be a worker of the daily cycle (beside the portal; on PostgreSQL, as many as you like)')
  .option('--concurrency <n>', 'steps this process runs at once', positiveInteger, 1)
  .option('--until-idle', 'stop once no cycle is due or running, instead of waiting for more')
  .action(async (options: { concurrency: number; untilIdle?: boolean }) => {
    const config = loadConfig();
    await withDatabase((database) =>
      cycleWorkCommand(
        config,
        database,
        { concurrency: options.concurrency, untilIdle: options.untilIdle ?? false },
        process.stdout,
      ),
    );
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
