import { describe, expect, it } from 'vitest';
import { ContractFileError, contractsFromCsv, contractsFromJson } from './contract-file.ts';

describe('contractsFromCsv', () => {
  it('nests dotted columns, turns numeric fields into numbers and keeps leading zeros elsewhere', () => {
    const csv = [
      'contractNumber,termMonths,paymentCents,parties.0.customerNumber,parties.0.taxIdLast4,parties.0.address.zip,parties.1.customerNumber,vehicle.year,vehicle.vin',
      'RIC-000001,60,37742,C-1,0123,02134,C-2,2026,1HGCM82633A004352',
      'RIC-000002,36,1000,C-3,0456,19103,,2025,11111111111111111',
    ].join('\n');
    expect(contractsFromCsv(csv)).toEqual([
      {
        contractNumber: 'RIC-000001',
        termMonths: 60,
        paymentCents: 37_742,
        parties: [
          { customerNumber: 'C-1', taxIdLast4: '0123', address: { zip: '02134' } },
          { customerNumber: 'C-2' },
        ],
        vehicle: { year: 2026, vin: '1HGCM82633A004352' },
      },
      {
        contractNumber: 'RIC-000002',
        termMonths: 36,
        paymentCents: 1000,
        parties: [{ customerNumber: 'C-3', taxIdLast4: '0456', address: { zip: '19103' } }],
        vehicle: { year: 2025, vin: '11111111111111111' },
      },
    ]);
  });

  it('leaves a non-numeric cell of a numeric field as text, so validation names it', () => {
    expect(contractsFromCsv('paymentCents\n377.42\n')).toEqual([{ paymentCents: '377.42' }]);
  });
});

describe('contractsFromJson', () => {
  it('takes an array or {contracts: [...]}', () => {
    expect(contractsFromJson('[{"a":1}]')).toEqual([{ a: 1 }]);
    expect(contractsFromJson('{"contracts":[{"a":1}]}')).toEqual([{ a: 1 }]);
    expect(() => contractsFromJson('{"a":1}')).toThrow(ContractFileError);
  });
});
