import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { findContract } from '../db/contracts.ts';
import { postNotice } from '../notifications/notices.ts';
import { postPayment, reversePayment } from '../servicing/payment-posting.ts';
import { loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Ana owns loan RIC-000001 and James co-signed it; Bo owns RIC-000002. Today is 2026-11-20.
let t: TestApp;
const sessions: Record<string, string> = {};
const userIds: Record<string, string> = {};
const system = { actor: { type: 'system' as const, id: 'test' } };

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  const ana = loanContract().parties[0];
  const cosigner = { ...ana, customerNumber: 'CUST-JAMES', role: 'co_signer', firstName: 'James' };
  await boardContract(t, key, loanContract({ parties: [ana, cosigner] }));
  await boardContract(
    t,
    key,
    loanContract({ contractNumber: 'RIC-000002', parties: [{ ...ana, customerNumber: 'CUST-0002' }] }),
  );
  userIds.ana = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  userIds.james = await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  userIds.bo = await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  for (const user of ['ana', 'james', 'bo']) sessions[user] = await signIn(t, user);
});
afterAll(() => t.close());

const list = async (user: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/notices',
    cookies: { [SESSION_COOKIE]: sessions[user]! },
  });
  expect(res.statusCode).toBe(200);
  return res.json().notices as { id: number; kind: string; contractNumber: string; occurredOn: string }[];
};
const dismiss = (user: string, id: number | string) =>
  t.app.inject({
    method: 'DELETE',
    url: `/api/v1/notices/${id}`,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[user]! },
    headers: csrf.headers,
  });

async function payAndReturn(contractNumber: string, key: string) {
  const paid = await postPayment(
    t.database.db,
    t.clock,
    contractNumber,
    { amountCents: 40_000, receivedOn: calendarDate('2026-11-20'), channel: 'ach', intent: 'regular' },
    { scope: 'test', key },
    system,
  );
  await reversePayment(t.database.db, t.clock, contractNumber, paid.body.paymentId, 'returned', system);
}

describe('notices', () => {
  it('starts empty', async () => {
    expect(await list('ana')).toEqual([]);
  });

  it('tells everyone on the account, and only them, that a payment was returned, with its fee', async () => {
    await payAndReturn('RIC-000001', 'payment-1');
    const expected = {
      kind: 'payment_returned',
      contractNumber: 'RIC-000001',
      occurredOn: '2026-11-20',
      details: { paymentReceivedOn: '2026-11-20', amountCents: 40_000, returnedPaymentFeeCents: 2_500 },
    };
    expect(await list('ana')).toEqual([{ id: expect.any(Number), ...expected }]);
    expect(await list('james')).toEqual([{ id: expect.any(Number), ...expected }]);
    expect(await list('bo')).toEqual([]);
  });

  it('posts one notice per cause however often the cause is reported', async () => {
    const contract = (await findContract(t.database.db, 'RIC-000002'))!;
    const statement = {
      contractId: contract.id,
      kind: 'statement_ready' as const,
      cause: '2026-11-15',
      occurredOn: '2026-11-15',
      details: { statementDate: '2026-11-15', amountDueCents: 37_742 },
    };
    await postNotice(t.database.db, t.clock, statement);
    await postNotice(t.database.db, t.clock, {
      ...statement,
      details: { ...statement.details, amountDueCents: 1 },
    });
    expect(await list('bo')).toEqual([
      {
        id: expect.any(Number),
        kind: 'statement_ready',
        contractNumber: 'RIC-000002',
        occurredOn: '2026-11-15',
        details: { statementDate: '2026-11-15', amountDueCents: 37_742 },
      },
    ]);
  });

  it('shows a notice addressed to one person to that person only, newest first', async () => {
    const contract = (await findContract(t.database.db, 'RIC-000001'))!;
    await postNotice(t.database.db, t.clock, {
      contractId: contract.id,
      userId: userIds.james,
      kind: 'request_answered',
      cause: 'request-1',
      occurredOn: '2026-11-20',
      details: { requestKind: 'due_date_change' },
    });
    expect((await list('james')).map((n) => n.kind)).toEqual(['request_answered', 'payment_returned']);
    expect((await list('ana')).map((n) => n.kind)).toEqual(['payment_returned']);
  });

  it('leaves out notices older than 90 days', async () => {
    const contract = (await findContract(t.database.db, 'RIC-000002'))!;
    await postNotice(t.database.db, t.clock, {
      contractId: contract.id,
      kind: 'statement_ready',
      cause: '2026-08-15',
      occurredOn: '2026-08-15',
      details: { statementDate: '2026-08-15', amountDueCents: 37_742 },
    });
    expect((await list('bo')).map((n) => n.occurredOn)).toEqual(['2026-11-15']);
  });

  it('dismisses a notice for the person who dismissed it, not for the others on the account', async () => {
    const [notice] = await list('ana');
    expect((await dismiss('ana', notice!.id)).statusCode).toBe(204);
    expect((await dismiss('ana', notice!.id)).statusCode).toBe(204);
    expect(await list('ana')).toEqual([]);
    expect((await list('james')).map((n) => n.id)).toContain(notice!.id);
  });

  it('answers 404 for a notice on someone else’s account, and dismisses nothing', async () => {
    const [bos] = await list('bo');
    const res = await dismiss('ana', bos!.id);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOTICES.NOT_FOUND');
    expect(await list('bo')).toHaveLength(1);
    expect((await dismiss('ana', 999_999)).statusCode).toBe(404);
  });

  it('refuses a notice id that is not a number', async () => {
    const res = await dismiss('ana', 'abc');
    expect(res.statusCode).toBe(400);
  });

  it('requires a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/notices' });
    expect(res.statusCode).toBe(401);
  });
});
