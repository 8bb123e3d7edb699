import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countContracts } from '../servicing/boarding.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
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

function output() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function jsonFile(contracts: unknown[]): Promise<string> {
  const file = path.join(
    tmpdir(),
    `autofin-board-${process.pid}-${Math.random().toString(36).slice(2)}.json`,
  );
  await writeFile(file, JSON.stringify(contracts));
  return file;
}

describe('npm run cli -- board FILE', () => {
  it('boards nothing from a file with an invalid row and prints the row, field and reason', async () => {
    const file = await jsonFile([loanContract(), { ...leaseContract(), moneyFactor: 'high' }]);
    const out = output();
    expect(await boardFile(file, { url, apiKey, skipInvalid: false }, out.stream)).toBe(1);
    expect(out.text()).toContain('1 of 2 rows could not be boarded; nothing was boarded.');
    expect(out.text()).toContain(
      'row 2 (LSE-000001): moneyFactor: The money factor must be a decimal string',
    );
    expect(await countContracts(t.database.db)).toBe(0);
  });

  it('with --skip-invalid boards the valid rows, then says the rest were already boarded', async () => {
    const file = await jsonFile([loanContract(), { ...leaseContract(), moneyFactor: 'high' }]);
    const out = output();
    expect(await boardFile(file, { url, apiKey, skipInvalid: true }, out.stream)).toBe(0);
    expect(out.text()).toContain('Boarded 1, already boarded 0, skipped 1 invalid row.');
    const again = output();
    await boardFile(file, { url, apiKey, skipInvalid: true }, again.stream);
    expect(again.text()).toContain('Boarded 0, already boarded 1, skipped 1 invalid row.');
  });

  it('fails clearly with a wrong API key', async () => {
    const file = await jsonFile([loanContract()]);
    const out = output();
    expect(await boardFile(file, { url, apiKey: 'afk_nope', skipInvalid: false }, out.stream)).toBe(1);
    expect(out.text()).toContain('The API key is missing, unknown or revoked.');
  });
});
