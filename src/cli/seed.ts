import { SingleBar } from 'cli-progress';
import type { Db } from '../db/database.ts';
import { generatedContracts } from '../demo/demo-data.ts';
import type { Clock } from '../platform/clock.ts';
import { boardContracts } from '../servicing/index.ts';

const CHUNK = 1_000;

/** Boards `count` generated contracts in chunks of 1,000 (each chunk one transaction), with a progress bar. */
export async function seedContracts(db: Db, clock: Clock, count: number): Promise<void> {
  const bar = new SingleBar({
    format: 'Seeding [{bar}] {value}/{total} contracts | {eta_formatted} left',
    // Without a terminal (CI logs, pipes) print a line every 5 s instead of redrawing.
    noTTYOutput: true,
    notTTYSchedule: 5_000,
  });
  bar.start(count, 0);
  const started = Date.now();
  let boarded = 0;
  for (let from = 1; from <= count; from += CHUNK) {
    const size = Math.min(CHUNK, count - from + 1);
    const result = await boardContracts(db, clock, generatedContracts(from, size, clock.today()), {
      actor: { type: 'system', id: 'seed' },
    });
    boarded += result.boarded.length;
    bar.update(from + size - 1);
  }
  bar.stop();
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `Boarded ${boarded} new contracts (${count - boarded} were already there) in ${seconds.toFixed(1)} s.\n`,
  );
}
