import { and, eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import { auditEvents, organizationStatements, organizations } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { addMember, boardFleet, businessParty, createOrganization } from '../test-support/organizations.ts';
import { countQueries } from '../test-support/query-count.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { cutOrganizationStatements } from './combined-statement.ts';

// Keystone has three loans and Harbor one; each organization's November statement (closing Monday
// 2026-11-30) is cut as the cycle of that day does. Keystone's members: an admin, a manager, a
// viewer and a driver; Harbor's: an admin.
let t: TestApp;
let keystone = '';
let harbor = '';
const sessions: Record<string, string> = {};
const CLOSING = calendarDate('2026-11-30');
const cut = (date = CLOSING) => cutOrganizationStatements(t.database.db, fixedClock(date), date);

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardFleet(t, key, businessParty('BIZ-KEYSTONE', 'Keystone Logistics LLC'), [
    'FL-0001',
    'FL-0002',
    'FL-0003',
  ]);
  await boardFleet(t, key, businessParty('BIZ-HARBOR', 'Harbor Courier Co.'), ['HC-0001']);
  keystone = await createOrganization(t, 'BIZ-KEYSTONE');
  harbor = await createOrganization(t, 'BIZ-HARBOR');
  for (const [login, org, role] of [
    ['ks.admin', keystone, 'admin'],
    ['ks.manager', keystone, 'manager'],
    ['ks.viewer', keystone, 'viewer'],
    ['ks.driver', keystone, 'driver'],
    ['hc.admin', harbor, 'admin'],
  ] as const) {
    await addMember(t, org, await createUser(t, login), role);
    sessions[login] = await signIn(t, login);
  }
  expect(await cut()).toEqual({ cut: 2, paper: 2 });
}, 120_000);
afterAll(() => t.close());

const as = (login: string) => ({
  headers: csrf.headers,
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[login]! },
});
const get = (login: string, url: string) => t.app.inject({ method: 'GET', url, ...as(login) });
const put = (login: string, url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, payload, ...as(login) });
const base = (org: string) => `/api/v1/organizations/${org}/statements`;

async function statementId(login: string, org: string): Promise<string> {
  const res = await get(login, base(org));
  expect(res.statusCode).toBe(200);
  return res.json().statements[0].id;
}

describe('GET /api/v1/organizations/{id}/statements', () => {
  it('lists the statements for everyone who sees the finances, with the delivery', async () => {
    for (const login of ['ks.admin', 'ks.manager', 'ks.viewer']) {
      const res = await get(login, base(keystone));
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.paperless).toBe(false);
      expect(body.statements).toHaveLength(1);
      expect(body.statements[0]).toMatchObject({
        closingDate: CLOSING,
        contractCount: 3,
        delivery: 'paper',
        printedOn: null,
        href: `${base(keystone)}/${body.statements[0].id}/pdf`,
      });
      expect(body.statements[0].totalDueCents).toBeGreaterThan(body.statements[0].pastDueCents);
      // The list's due date is the statement's own earliest due date, read from its snapshot.
      const [stored] = await t.database.db
        .select({ snapshot: organizationStatements.snapshot })
        .from(organizationStatements)
        .where(eq(organizationStatements.id, body.statements[0].id));
      const { firstDueDate } = stored!.snapshot as { firstDueDate: string | null };
      expect(firstDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(body.statements[0].firstDueDate).toBe(firstDueDate);
    }
  });

  it('is not found for a driver, another organization’s member, or no session', async () => {
    for (const login of ['ks.driver', 'hc.admin']) {
      const res = await get(login, base(keystone));
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ORGANIZATIONS.NOT_FOUND');
    }
    expect((await t.app.inject({ method: 'GET', url: base(keystone) })).statusCode).toBe(401);
  });

  it('costs the same number of queries with one statement as with two', async () => {
    const counted = async () => {
      const counter = countQueries(t.database.db);
      try {
        expect((await get('ks.admin', base(keystone))).statusCode).toBe(200);
      } finally {
        counter.stop();
      }
      return counter.statements.length;
    };
    const one = await counted();
    await cut(calendarDate('2026-12-31'));
    const two = await counted();
    expect(
      (await get('ks.admin', base(keystone)))
        .json()
        .statements.map((s: { closingDate: string }) => s.closingDate),
    ).toEqual(['2026-12-31', '2026-11-30']);
    expect(two).toBe(one);
  });
});

describe('GET /api/v1/organizations/{id}/statements/{statementId}', () => {
  it('answers the snapshot and audits the opening', async () => {
    const id = await statementId('ks.viewer', keystone);
    const res = await get('ks.viewer', `${base(keystone)}/${id}`);
    expect(res.statusCode).toBe(200);
    const { statement, delivery } = res.json();
    expect(delivery).toBe('paper');
    expect(statement.lines.map((l: { contractNumber: string }) => l.contractNumber)).toEqual([
      'FL-0001',
      'FL-0002',
      'FL-0003',
    ]);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'organization_statement.open'), eq(auditEvents.resourceId, keystone)),
      );
    expect(audit?.details).toMatchObject({ statementId: id, format: 'json' });
  });

  it('does not find another organization’s statement, under either organization', async () => {
    const theirs = await statementId('hc.admin', harbor);
    const mine = await get('ks.admin', `${base(keystone)}/${theirs}`);
    expect(mine.statusCode).toBe(404);
    expect(mine.json().error.code).toBe('ORGANIZATIONS.STATEMENT_NOT_FOUND');
    expect((await get('ks.admin', `${base(harbor)}/${theirs}`)).statusCode).toBe(404);
    expect((await get('ks.admin', `${base(harbor)}/${theirs}/pdf`)).statusCode).toBe(404);
    expect(
      (await get('ks.driver', `${base(keystone)}/${await statementId('ks.admin', keystone)}`)).statusCode,
    ).toBe(404);
  });

  it('refuses an id that is no id, naming it', async () => {
    const res = await get('ks.admin', `${base(keystone)}/not-an-id`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty('statementId');
  });
});

describe('GET /api/v1/organizations/{id}/statements/{statementId}/pdf', () => {
  it('serves the PDF with the total and every contract, the same bytes each time', async () => {
    const id = (await get('ks.admin', base(keystone))).json().statements.at(-1).id;
    const res = await get('ks.admin', `${base(keystone)}/${id}/pdf?download=1`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="combined-statement-${CLOSING}.pdf"`,
    );
    const detail = (await get('ks.admin', `${base(keystone)}/${id}`)).json().statement;
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), {
      mergePages: true,
    });
    expect(text).toContain(`Total due: ${formatUsd(cents(detail.totals.amountDueCents))}`);
    for (const n of ['FL-0001', 'FL-0002', 'FL-0003']) expect(text).toContain(n);
    expect(text).not.toContain('HC-0001');
    const again = await get('ks.viewer', `${base(keystone)}/${id}/pdf`);
    expect(again.headers['content-disposition']).toMatch(/^inline;/);
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
  });
});

describe('PUT /api/v1/organizations/{id}/paperless', () => {
  const url = (org: string) => `/api/v1/organizations/${org}/paperless`;

  it('lets an admin choose paperless, audited, for the statements cut from then on', async () => {
    const res = await put('ks.admin', url(keystone), { paperless: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ paperless: true });
    const [row] = await t.database.db
      .select({ paperless: organizations.paperless })
      .from(organizations)
      .where(eq(organizations.id, keystone));
    expect(row?.paperless).toBe(true);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'organization.paperless'));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ resourceId: keystone, details: { from: false, to: true } });
    // Again the same: nothing changes, nothing more is audited.
    expect((await put('ks.admin', url(keystone), { paperless: true })).statusCode).toBe(200);
    expect(
      await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'organization.paperless')),
    ).toHaveLength(1);
    expect((await get('ks.viewer', base(keystone))).json().paperless).toBe(true);
    // The next statement goes electronically; the ones cut before keep their delivery.
    await cut(calendarDate('2027-01-29'));
    const deliveries = (await get('ks.admin', base(keystone)))
      .json()
      .statements.map((s: { delivery: string }) => s.delivery);
    expect(deliveries).toEqual(['electronic', 'paper', 'paper']);
  });

  it('is not found for members who are not admins, and for another organization’s admin', async () => {
    for (const login of ['ks.manager', 'ks.viewer', 'ks.driver', 'hc.admin']) {
      const res = await put(login, url(keystone), { paperless: false });
      expect(res.statusCode).toBe(404);
    }
    expect((await get('ks.admin', base(keystone))).json().paperless).toBe(true);
  });

  it('refuses a body without a yes or no, naming the field', async () => {
    const res = await put('ks.admin', url(keystone), { paperless: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty('paperless');
    expect((await put('ks.admin', url(keystone), { paperless: false, extra: 1 })).statusCode).toBe(400);
  });
});
