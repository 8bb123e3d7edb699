import { performance } from 'node:perf_hooks';
import { cycleDeps, startCycleWorkers } from './cycle/index.ts';
import { DataFolderInUseError } from './db/data-folder-lock.ts';
import { DEMO_PASSWORD, seedDemoData } from './demo/demo-data.ts';
import { buildApp } from './http/app.ts';
import { createSmtpTransport, startOutboxDelivery } from './notifications/index.ts';
import { movableClock, storedBusinessDate } from './platform/business-date.ts';
import { systemClock } from './platform/clock.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { openConfiguredDatabase } from './platform/open-database.ts';
import { startJobQueue, stopJobQueue } from './platform/queue.ts';
import { secretBox } from './platform/secret-box.ts';
import { loadSecretKey } from './platform/secret-key.ts';

/** Starts the portal: configuration, database (migrated), demo data on first start, HTTP. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
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

  if (config.demoData) {
    const logins = await seedDemoData(database.db, clock, secretBox(secretKey));
    if (logins) {
      const lines = logins.map((l) => `  ${l.userId.padEnd(16)} ${l.totpSecret}  ${l.who}`);
      process.stdout.write(
        `\nDemo data boarded. Demo logins (password for all: ${DEMO_PASSWORD}; add the secret to an authenticator app):\n` +
          `  ${'User ID'.padEnd(16)} ${'TOTP secret'.padEnd(32)}  who\n${lines.join('\n')}\n\n`,
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

  const address = await app.listen({ port: config.port, host: config.host });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  app.log.info(
    { address, engine: database.engine, startupSeconds: Number(seconds) },
    `Autofin is ready at ${address}`,
  );
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
