import { and, eq, isNull } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, esignConsents, outbox, userPreferences } from '../db/schema.ts';
import { DEFAULT_PREFERENCES } from '../notifications/preferences.schemas.ts';
import { loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { ESIGN_DISCLOSURE } from './esign.ts';

// Paperless: the E-SIGN disclosure, the test PDF's code, consent and withdrawal, over HTTP.
// Ana and James are on loan RIC-000001; agent is staff.
let t: TestApp;
const sessions: Record<string, string> = {};
const userIds: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  const cosigner = {
    ...loanContract().parties[0],
    customerNumber: 'CUST-JAMES',
    role: 'co_signer',
    firstName: 'James',
    lastName: 'Smith',
  };
  await boardContract(
    t,
    await boardingKey(t.database),
    loanContract({ parties: [loanContract().parties[0], cosigner] }),
  );
  userIds.ana = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  userIds.james = await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  userIds.agent = await createUser(t, 'agent', { staff: true });
  for (const user of ['ana', 'james', 'agent']) sessions[user] = await signIn(t, user);
});
afterAll(() => t.close());

function call(method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, session: string, body?: object) {
  return t.app.inject({
    method,
    url,
    ...(body ? { payload: body } : {}),
    headers: { ...csrf.headers, 'user-agent': 'TestBrowser/1.0' },
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: session },
  });
}

/** Reads the code the way a person does: from the text of the test PDF. */
async function codeFromTestDocument(session: string): Promise<string> {
  const res = await call('GET', '/api/v1/paperless/test-document.pdf', session);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), {
    mergePages: true,
  });
  const match = /Your code: ([A-Z0-9]{6})/.exec(text.replace(/\s+/g, ' '));
  expect(match).not.toBeNull();
  return match![1]!;
}

const liveConsents = (userId: string) =>
  t.database.db
    .select()
    .from(esignConsents)
    .where(and(eq(esignConsents.userId, userId), isNull(esignConsents.withdrawnAt)));

const paperlessFlag = async (userId: string) =>
  (await t.database.db.select().from(userPreferences).where(eq(userPreferences.userId, userId)))[0]
    ?.paperless;

const mailTo = (address: string, template: string) =>
  t.database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.to, address), eq(outbox.template, template)));

const auditsOf = (userId: string, action: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorId, userId), eq(auditEvents.action, action)));

describe('GET /api/v1/paperless', () => {
  it('shows the disclosure with every E-SIGN item, its version, and no consent yet', async () => {
    const res = await call('GET', '/api/v1/paperless', sessions.ana!);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      paperless: false,
      consent: null,
      disclosure: { version: ESIGN_DISCLOSURE.version },
      testDocumentUrl: '/api/v1/paperless/test-document.pdf',
    });
    // 15 U.S.C. §7001(c)(1)(B)–(C): paper copies and their fee, withdrawal and its consequences,
    // scope, updating the email address, hardware and software.
    for (const phrase of [
      'paper copy',
      'free of charge',
      'withdraw your consent',
      'come by mail again',
      'monthly statements',
      'year-end interest (tax) statements',
      'Security settings, Email',
      'web browser',
      'opens PDF files',
      'email account',
    ]) {
      expect(body.disclosure.text).toContain(phrase);
    }
  });

  it('answers 404 for a staff sign-in and 401 without one', async () => {
    expect((await call('GET', '/api/v1/paperless', sessions.agent!)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/paperless' })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/paperless/test-document.pdf', sessions.agent!)).statusCode).toBe(404);
  });
});

describe('the test document', () => {
  it('is a tagged PDF with a title and language, and a code of its own for each person', async () => {
    const res = await call('GET', '/api/v1/paperless/test-document.pdf', sessions.ana!);
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    const { info } = (await pdf.getMetadata()) as { info: { Title?: string; Language?: string } };
    expect(info.Title).toBe('Test document for electronic delivery');
    expect(info.Language).toBe('en-US');
    expect(await pdf.getMarkInfo()).toMatchObject({ Marked: true });
    const ana = await codeFromTestDocument(sessions.ana!);
    expect(await codeFromTestDocument(sessions.ana!)).toBe(ana);
    expect(await codeFromTestDocument(sessions.james!)).not.toBe(ana);
  });
});

describe('POST /api/v1/paperless/consent', () => {
  it('refuses a wrong code with 422 on the code field, writing nothing', async () => {
    const res = await call('POST', '/api/v1/paperless/consent', sessions.james!, {
      version: ESIGN_DISCLOSURE.version,
      code: 'ZZZZZZ',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'PAPERLESS.WRONG_CODE',
      fields: { code: expect.any(String) },
    });
    expect(await liveConsents(userIds.james!)).toEqual([]);
    expect(await paperlessFlag(userIds.james!)).not.toBe(true);
  });

  it('refuses another person’s code: the code proves this person opened their own PDF', async () => {
    const anaCode = await codeFromTestDocument(sessions.ana!);
    const res = await call('POST', '/api/v1/paperless/consent', sessions.james!, {
      version: ESIGN_DISCLOSURE.version,
      code: anaCode,
    });
    expect(res.statusCode).toBe(422);
  });

  it('refuses a stale disclosure version with 422 on the version field', async () => {
    const code = await codeFromTestDocument(sessions.james!);
    const res = await call('POST', '/api/v1/paperless/consent', sessions.james!, {
      version: '2020-01-01',
      code,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'PAPERLESS.DISCLOSURE_OUTDATED',
      fields: { version: expect.any(String) },
    });
    expect(await liveConsents(userIds.james!)).toEqual([]);
  });

  it('answers 400 with the field when the code is missing', async () => {
    const res = await call('POST', '/api/v1/paperless/consent', sessions.james!, {
      version: ESIGN_DISCLOSURE.version,
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['code']);
  });

  it('stores the consent (version, time, IP, browser), turns paperless on, audits and mails the disclosure', async () => {
    const code = await codeFromTestDocument(sessions.ana!);
    // Typed in lower case with spaces around: still the code.
    const res = await call('POST', '/api/v1/paperless/consent', sessions.ana!, {
      version: ESIGN_DISCLOSURE.version,
      code: ` ${code.toLowerCase()} `,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      paperless: true,
      consent: { version: ESIGN_DISCLOSURE.version, current: true },
    });
    const [consent] = await liveConsents(userIds.ana!);
    expect(consent).toMatchObject({
      disclosureVersion: ESIGN_DISCLOSURE.version,
      ip: '127.0.0.1',
      userAgent: 'TestBrowser/1.0',
    });
    expect(consent!.demonstratedAt).toEqual(consent!.consentedAt);
    expect(await paperlessFlag(userIds.ana!)).toBe(true);
    expect(await auditsOf(userIds.ana!, 'user.paperless_consent')).toHaveLength(1);
    const [mail] = await mailTo('ana@example.com', 'paperless-consent');
    expect(mail!.text).toContain(`Disclosure version ${ESIGN_DISCLOSURE.version}`);
    expect(mail!.text).toContain('free of charge');
    // The preferences row made for the flag keeps the default notice choices.
    const prefs = await call('GET', '/api/v1/preferences', sessions.ana!);
    expect(prefs.json()).toMatchObject({ paperless: true, channels: DEFAULT_PREFERENCES.channels });
  });

  it('changes nothing when the same consent comes twice', async () => {
    const code = await codeFromTestDocument(sessions.ana!);
    const res = await call('POST', '/api/v1/paperless/consent', sessions.ana!, {
      version: ESIGN_DISCLOSURE.version,
      code,
    });
    expect(res.statusCode).toBe(200);
    expect(await liveConsents(userIds.ana!)).toHaveLength(1);
    expect(await auditsOf(userIds.ana!, 'user.paperless_consent')).toHaveLength(1);
    expect(await mailTo('ana@example.com', 'paperless-consent')).toHaveLength(1);
  });
});

describe('DELETE /api/v1/paperless/consent', () => {
  it('withdraws: paper again, the consent kept with its end, audited and mailed', async () => {
    const res = await call('DELETE', '/api/v1/paperless/consent', sessions.ana!);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ paperless: false, consent: null });
    expect(await liveConsents(userIds.ana!)).toEqual([]);
    const all = await t.database.db
      .select()
      .from(esignConsents)
      .where(eq(esignConsents.userId, userIds.ana!));
    expect(all).toHaveLength(1);
    expect(all[0]!.withdrawnAt).not.toBeNull();
    expect(await paperlessFlag(userIds.ana!)).toBe(false);
    expect(await auditsOf(userIds.ana!, 'user.paperless_withdraw')).toHaveLength(1);
    expect(await mailTo('ana@example.com', 'paperless-withdrawn')).toHaveLength(1);
  });

  it('answers 404 when there is no consent to withdraw', async () => {
    const res = await call('DELETE', '/api/v1/paperless/consent', sessions.ana!);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PAPERLESS.NOT_CONSENTED');
  });

  it('refuses a cross-site withdrawal (CSRF)', async () => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/paperless/consent',
      cookies: { [SESSION_COOKIE]: sessions.ana! },
    });
    expect(res.statusCode).toBe(403);
  });
});
