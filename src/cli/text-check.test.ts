import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db/database.ts';
import { apiKeys, customers, vehicles } from '../db/schema.ts';
import { createApiKey } from '../identity/index.ts';
import { fixedClock } from '../platform/clock.ts';
import { boardContracts } from '../servicing/index.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { captureOutput } from '../test-support/output.ts';
import { openTestDatabase, TEST_TODAY } from '../test-support/test-app.ts';
import { FREE_TEXT_COLUMNS, textCheckCommand } from './text-check.ts';

// `npm run cli -- text check` on a database holding values written before the API judged them.
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** The database with its `select` calls counted: the command asks once per table, however many rows. */
function countingSelects(db: Db) {
  const counter = { selects: 0 };
  const counted = new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'select') counter.selects += 1;
      return Reflect.get(target, property, receiver);
    },
  });
  return { db: counted, counter };
}

describe('npm run cli -- text check', () => {
  it('on an empty database finds nothing and answers 0', async () => {
    const out = captureOutput();
    expect(await textCheckCommand(database.db, out.stream)).toBe(0);
    expect(out.text()).toBe(
      `Checked 0 rows of ${FREE_TEXT_COLUMNS.length} tables: no stored free text breaks the text rule.\n`,
    );
  });

  it('lists each broken value by table, row id, column and problem, answers 1 and changes nothing', async () => {
    await boardContracts(database.db, fixedClock(TEST_TODAY), [loanContract(), leaseContract()], {
      actor: { type: 'system', id: 'test' },
    });
    const [ana] = await database.db
      .update(customers)
      // Written around the API, as an old import or a hand fix could have.
      .set({ city: 'Phila\r\ndelphia', firstName: 'Jose\u0301', addressLine2: '' })
      .where(eq(customers.externalId, 'CUST-0001'))
      .returning();
    const [vehicle] = await database.db
      .update(vehicles)
      .set({ make: 'Honda\u0007 ' })
      .where(eq(vehicles.vin, '11111111111111111'))
      .returning();
    const { id: keyId } = await createApiKey(database.db, { role: 'boarding', label: 'Fleet \u202egpj.exe' });
    const before = await database.db.select().from(customers);

    const out = captureOutput();
    const { db, counter } = countingSelects(database.db);
    expect(await textCheckCommand(db, out.stream)).toBe(1);
    expect(counter.selects).toBe(FREE_TEXT_COLUMNS.length);
    expect(out.text().split('\n')).toEqual([
      `customers ${ana!.id} first_name: not in Unicode normal form C (NFC)`,
      `customers ${ana!.id} address_line2: empty (a missing value should be absent)`,
      `customers ${ana!.id} city: a line break (U+000D) at character 6`,
      `vehicles ${vehicle!.id} make: a control character (U+0007) at character 6; spaces or line breaks at the start or end`,
      `api_keys ${keyId} label: a text-direction control (U+202E) at character 7`,
      // Two customers, two vehicles, one key.
      `Checked 5 rows of ${FREE_TEXT_COLUMNS.length} tables: 5 stored values break the text rule (nothing was changed).`,
      '',
    ]);
    expect(await database.db.select().from(customers)).toEqual(before);
    expect((await database.db.select().from(apiKeys)).map((k) => k.label)).toEqual(['Fleet \u202egpj.exe']);
  });
});
