import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import { cycleDeps, startCycleWorkers } from './cycle/index.ts';
import { DataFolderInUseError } from './db/data-folder-lock.ts';
import { DEMO_PASSWORD, seedDemoData } from './demo/demo-data.ts';
import { buildApp } from './http/app.ts';
import { createSmtpTransport, hasDevMailbox, startOutboxDelivery } from './notifications/index.ts';
import { movableClock, storedBusinessDate } from './platform/business-date.ts';
import { systemClock } from './platform/clock.ts';
import { type Config, ConfigError, loadConfig } from './platform/config.ts';
import { openConfiguredDatabase } from './platform/open-database.ts';
import { startJobQueue, stopJobQueue } from './platform/queue.ts';
import { loadSecretKey } from './platform/secret-key.ts';

/** Starts the portal: configuration, database (migrated), demo data on first start, HTTP. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig(process.env, Boolean(process.stdout.isTTY));
  const database = await openConfiguredDatabase(config);
  const realClock = systemClock(config.timeZone);
  const movable = config.timeTravel
    ? movableClock((await storedBusinessDate(database.db)) ?? realClock.today())
    : undefined;
  const clock = movable ?? realClock;
  const secretKey = loadSecretKey(config);
  const app = await buildApp({
    config,
    database,
    clock,
    secretKey,
    ...(movable ? { movableClock: movable } : {}),
  });
  app.log.info({ engine: database.engine, location: database.location }, 'database ready');
  const say = announcer(config, app.log);

  if (config.demoData) {
    const logins = await seedDemoData(database.db, clock, { secretKey, gateway: app.paymentGateway });
    if (logins) {
      const lines = logins.map((l) => `  ${l.userId.padEnd(16)} ${l.totpSecret}  ${l.who}`);
      say.info(
        `Demo data boarded. Demo logins (password for all: ${DEMO_PASSWORD}; add the secret to an authenticator app):\n` +
          `  ${'User ID'.padEnd(16)} ${'TOTP secret'.padEnd(32)}  who\n${lines.join('\n')}\n`,
        { personas: logins.length },
      );
    }
  }

  // The job queue: this process is one of the daily cycle's workers (cycle/daily-cycle.jobs.ts), and with
  // SMTP_URL set, mail waiting in the outbox is delivered by it too (notifications/outbox.jobs.ts).
  const jobs = await startJobQueue(database, app.log);
  await startCycleWorkers(
    jobs,
    database.db,
    cycleDeps(config, { clock, secretKey, gateway: app.paymentGateway }),
    app.log,
  );
  const transport = config.smtpUrl ? createSmtpTransport(config.smtpUrl) : undefined;
  if (transport) {
    await startOutboxDelivery(jobs, database.db, clock, transport, { from: config.mailFrom }, app.log);
  }

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await stopJobQueue(jobs);
    transport?.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  for (const warning of startWarnings(config)) say.warn(warning);
  const address = await app.listen({ port: config.port, host: config.host });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const where = database.engine === 'pglite' ? `embedded database in ${database.location}` : 'PostgreSQL';
  say.info(`Autofin is ready at ${address} (${where}; started in ${seconds} s)`, {
    address,
    engine: database.engine,
    startupSeconds: Number(seconds),
  });
}

/** What someone starting this portal should know is unlike a real lender's portal. */
function startWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.demoData) {
    warnings.push(
      'Demo data is on (AUTOFIN_DEMO_DATA): its logins are public. Never run it with real customers.',
    );
  }
  if (hasDevMailbox(config)) {
    const at = `${config.publicUrl ?? `http://${config.host}:${config.port}`}/dev/mailbox`;
    warnings.push(
      `The demo mailbox is open at ${at} (AUTOFIN_DEMO_MAILBOX): anyone who reaches the portal reads its mail, reset links included.`,
    );
  }
  if (!config.smtpUrl) {
    warnings.push(
      `SMTP_URL is not set: mail stays in the outbox and is not sent${config.demoMailbox ? '' : ' (AUTOFIN_DEMO_MAILBOX=1 shows it at /dev/mailbox)'}.`,
    );
  } else if (config.demoMailbox) {
    warnings.push(
      'AUTOFIN_DEMO_MAILBOX is ignored: SMTP_URL is set, so mail is sent, not kept for the mailbox.',
    );
  }
  if (config.timeTravel)
    warnings.push('Time travel is on (AUTOFIN_TIME_TRAVEL): the business date can be moved.');
  if (config.mfa === 'optional')
    warnings.push('AUTOFIN_MFA=optional: users without a second factor sign in with a password alone.');
  return warnings;
}

/**
 * On a terminal, plain lines for the person who started the portal (the log itself shows warnings
 * only); otherwise the same facts as log lines for a collector.
 */
function announcer(config: Config, log: FastifyBaseLogger) {
  return {
    info(text: string, fields: Record<string, unknown> = {}) {
      if (config.terminal) process.stdout.write(`${text}\n`);
      else log.info(fields, text);
    },
    warn(text: string) {
      if (config.terminal) process.stdout.write(`Warning: ${text}\n`);
      else log.warn(text);
    },
  };
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataFolderInUseError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Autofin failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
