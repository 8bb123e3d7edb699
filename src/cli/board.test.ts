import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countContracts } from '../servicing/boarding.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { captureOutput } from '../test-support/output.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { boardFile } from './board.ts';

let t: TestApp;
let url: string;
let apiKey: string;
beforeAll(async () => {
  t = await createTestApp();
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  apiKey = await boardingKey(t.database);
});
afterAll(() => t.close());

async function jsonFile(contracts: unknown[]): Promise<string> {
  const file = path.join(
    tmpdir(),
    `autofin-board-${process.pid}-${Math.random().toString(36).slice(2)}.json`,
  );
  await writeFile(file, JSON.stringify(contracts));
  return file;
}

/** A contract as one CSV row: dotted column names (`parties.0.address.city`), every cell as text. */
function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (value === null || typeof value !== 'object') return { [prefix]: String(value) };
  return Object.assign(
    {},
    ...Object.entries(value).map(([key, v]) => flatten(v, prefix ? `${prefix}.${key}` : key)),
  );
}

describe('npm run cli -- board FILE', () => {
  it('boards nothing from a file with an invalid row and prints the row, field and reason', async () => {
    const file = await jsonFile([loanContract(), { ...leaseContract(), moneyFactor: 'high' }]);
    const out = captureOutput();
    expect(await boardFile(file, { url, apiKey, skipInvalid: false }, out.stream)).toBe(1);
    expect(out.text()).toContain('1 of 2 rows could not be boarded; nothing was boarded.');
    expect(out.text()).toContain(
      'row 2 (LSE-000001): moneyFactor: The money factor must be a decimal string',
    );
    expect(await countContracts(t.database.db)).toBe(0);
  });

  it('with --skip-invalid boards the valid rows, then says the rest were already boarded', async () => {
    const file = await jsonFile([loanContract(), { ...leaseContract(), moneyFactor: 'high' }]);
    const out = captureOutput();
    expect(await boardFile(file, { url, apiKey, skipInvalid: true }, out.stream)).toBe(0);
    expect(out.text()).toContain('Boarded 1, already boarded 0, skipped 1 invalid row.');
    const again = captureOutput();
    await boardFile(file, { url, apiKey, skipInvalid: true }, again.stream);
    expect(again.text()).toContain('Boarded 0, already boarded 1, skipped 1 invalid row.');
  });

  it('reports a control character or line break in a CSV row with its row, field and reason', async () => {
    const good = flatten(loanContract({ contractNumber: 'RIC-000101' }));
    const bad = flatten(
      loanContract({
        contractNumber: 'RIC-000102',
        parties: [
          {
            ...loanContract().parties[0],
            customerNumber: 'CUST-0102',
            lastName: 'Di\naz',
            address: { line1: '1 Main St\u0000', city: 'Phila\u0007delphia', state: 'PA', zip: '19103' },
          },
        ],
      }),
    );
    const columns = Object.keys(good);
    const cell = (value: string | undefined) => `"${(value ?? '').replaceAll('"', '""')}"`;
    const csv = [columns, ...[good, bad].map((row) => columns.map((c) => row[c]))]
      .map((cells) => cells.map(cell).join(','))
      .join('\r\n');
    const file = path.join(
      tmpdir(),
      `autofin-board-${process.pid}-${Math.random().toString(36).slice(2)}.csv`,
    );
    await writeFile(file, csv);
    const out = captureOutput();
    expect(await boardFile(file, { url, apiKey, skipInvalid: false }, out.stream)).toBe(1);
    expect(out.text()).toContain('1 of 2 rows could not be boarded; nothing was boarded.');
    for (const line of [
      'row 2 (RIC-000102): parties.0.lastName: The last name cannot contain control characters or line breaks.',
      'row 2 (RIC-000102): parties.0.address.line1: The street address cannot contain control characters or line breaks.',
      'row 2 (RIC-000102): parties.0.address.city: The city cannot contain control characters or line breaks.',
    ])
      expect(out.text()).toContain(line);
    expect(out.text()).not.toContain('row 1');
  });

  it('fails clearly with a wrong API key', async () => {
    const file = await jsonFile([loanContract()]);
    const out = captureOutput();
    expect(await boardFile(file, { url, apiKey: 'afk_nope', skipInvalid: false }, out.stream)).toBe(1);
    expect(out.text()).toContain('The API key is missing, unknown or revoked.');
  });
});
