import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { LENDER } from '../core/lender.ts';
import type { Db } from '../db/database.ts';
import { esignConsents, userPreferences, users } from '../db/schema.ts';
import type { SessionUser } from '../identity/index.ts';
import { DEFAULT_PREFERENCES, formatMailInstant, renderMail, sendMail } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import {
  type PaperlessAnswer,
  type PaperlessConsentRequest,
  TEST_CODE_ALPHABET,
  TEST_CODE_LENGTH,
} from './esign.schemas.ts';

/**
 * Paperless (issue 7): a customer's consent, under the E-SIGN Act, to get statements and notices
 * electronically instead of on paper. 15 U.S.C. §7001(c)(1) makes such a consent valid only when the
 * consumer, before consenting, was told what the disclosure below says, and consented "in a manner
 * that reasonably demonstrates" they can open the documents in the form we send them. The test PDF
 * carries a short code only a reader of that PDF knows; typing it back is the demonstration.
 * Withdrawing puts the customer back on paper. Statements read `user_preferences.paperless`, which
 * is true exactly while a consent is live (the preferences page cannot turn it on by itself).
 */

/**
 * The E-SIGN disclosure: the one place its words live. A material change (what is covered, what is
 * needed to open the documents) is a new version, and §7001(c)(1)(D) then wants a new consent: a
 * consent to an older version no longer counts as current, and the page asks again.
 */
export const ESIGN_DISCLOSURE = {
  version: '2026-12-05',
  text: [
    `Consent to electronic documents. By consenting you agree that ${LENDER.name} ("we") may give you the documents below electronically instead of on paper. You do not have to consent; if you do not, everything keeps coming by mail.`,
    'What it covers: your monthly statements, year-end interest (tax) statements, notices about your account (such as payment reminders, returned payments and AutoPay changes), and letters about your account (such as payoff, paid-in-full and title-release letters). It covers every account you have with us that you can see in the portal. Documents the law requires us to send on paper still come on paper.',
    'How you get them: we email you when a document is ready, and you read and download it in the portal for as long as your account is open.',
    `Paper copies: you may ask for a paper copy of any electronic document at any time, free of charge, by calling ${LENDER.phone} (${LENDER.hours}) or by writing to us. Asking for a copy does not withdraw your consent.`,
    `Withdrawing: you may withdraw your consent at any time, free of charge, on the Paperless page of the portal or by calling ${LENDER.phone}. Your statements then come by mail again from the next one; documents already sent electronically stay in the portal. Withdrawing has no other consequence and no fee.`,
    'Keeping your email address current: we send to the email address of your login. Change it in the portal under Security settings, Email; if you cannot sign in, call us.',
    'What you need: a device with a current web browser (such as Chrome, Edge, Firefox or Safari) connected to the internet, an email account, and a program that opens PDF files (most browsers do; Adobe Acrobat Reader is free). To keep a document, you need room to save it or a printer. If these needs change in a way that could stop you from opening or keeping the documents, we will tell you and ask for your consent again.',
    'To show you can open our documents, open the test document (a PDF) and type the code it shows.',
  ].join('\n\n'),
} as const;

export const TEST_DOCUMENT_PATH = '/api/v1/paperless/test-document.pdf';

/** Keyed by the portal's secret key: the code cannot be worked out without the PDF. */
export type EsignKey = Buffer;
export const esignKey = (secretKey: Buffer): EsignKey =>
  createHmac('sha256', secretKey).update('esign-test-document').digest();

/** Who may consent: a customer's login. Staff have no statements (404, like the profile). */
function requireCustomer(user: SessionUser): void {
  if (user.kind !== 'customer' || !user.customerId) {
    throw new DomainError('not_found', 'PAPERLESS.NOT_FOUND', 'Paperless statements are for customers.');
  }
}

/** The test document's code for a user and disclosure version: the same every time they open it. */
export function testDocumentCode(key: EsignKey, userId: string, version: string): string {
  const digest = createHmac('sha256', key).update(`esign-test-document:${userId}:${version}`).digest();
  // 32 bytes modulo 31 letters: a bias of under 1%, nothing an attacker could use, and no PDF to read anyway.
  return [...digest.subarray(0, TEST_CODE_LENGTH)]
    .map((byte) => TEST_CODE_ALPHABET[byte % TEST_CODE_ALPHABET.length])
    .join('');
}

function sameCode(typed: string, expected: string): boolean {
  const a = Buffer.from(typed.toUpperCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The test document: a one-page tagged PDF (document language, title) like every document we send,
 * with the code to type back. The same user and version always give the same bytes.
 */
export function renderTestDocument(key: EsignKey, user: SessionUser): Promise<Buffer> {
  requireCustomer(user);
  const { version } = ESIGN_DISCLOSURE;
  const code = testDocumentCode(key, user.id, version);
  const at = new Date(`${version}T00:00:00Z`);
  const title = 'Test document for electronic delivery';
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 72,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-US',
    displayTitle: true,
    info: {
      Title: title,
      Author: LENDER.name,
      Subject: 'E-SIGN test document',
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (type: string, draw: () => void) => root.add(doc.struct(type, {}, draw));
  const paragraph = (text: string) =>
    block('P', () => doc.font('Helvetica').fontSize(12).text(text).moveDown(0.6));

  block('P', () => doc.font('Helvetica-Bold').fontSize(14).text(LENDER.name).moveDown(1));
  block('H1', () => doc.font('Helvetica-Bold').fontSize(20).text(title).moveDown(0.6));
  paragraph(
    'You opened this PDF, so your device can open the statements and notices we would send you electronically.',
  );
  paragraph('To finish, type this code on the Paperless page of the portal:');
  block('P', () =>
    doc.font('Courier-Bold').fontSize(28).text(`Your code: ${code}`, { characterSpacing: 2 }).moveDown(0.6),
  );
  paragraph(`This code is for your login only and for disclosure version ${version}.`);
  doc.end();
  return done;
}

type LiveConsent = typeof esignConsents.$inferSelect;

async function liveConsent(db: Db, userId: string): Promise<LiveConsent | undefined> {
  const [row] = await db
    .select()
    .from(esignConsents)
    .where(and(eq(esignConsents.userId, userId), isNull(esignConsents.withdrawnAt)));
  return row;
}

function answer(consent: LiveConsent | undefined): PaperlessAnswer {
  return {
    paperless: consent !== undefined,
    disclosure: { version: ESIGN_DISCLOSURE.version, text: ESIGN_DISCLOSURE.text },
    consent: consent
      ? {
          version: consent.disclosureVersion,
          consentedAt: consent.consentedAt.toISOString(),
          demonstratedAt: consent.demonstratedAt.toISOString(),
          current: consent.disclosureVersion === ESIGN_DISCLOSURE.version,
        }
      : null,
    testDocumentUrl: TEST_DOCUMENT_PATH,
  };
}

export async function viewPaperless(db: Db, user: SessionUser): Promise<PaperlessAnswer> {
  requireCustomer(user);
  return answer(await liveConsent(db, user.id));
}

export type ConsentMeta = {
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
};

/** Sets the paperless flag, making the preferences row (with the defaults) when there is none. */
async function setPaperless(tx: Db, clock: Clock, userId: string, paperless: boolean): Promise<void> {
  const now = clock.now();
  await tx
    .insert(userPreferences)
    .values({
      userId,
      channels: DEFAULT_PREFERENCES.channels,
      dueReminderDays: DEFAULT_PREFERENCES.dueReminderDays,
      paperless,
      updatedAt: now,
    })
    .onConflictDoUpdate({ target: userPreferences.userId, set: { paperless, updatedAt: now } });
}

/**
 * Records the consent: the disclosure version the person accepted, when and from where, and that
 * they typed the test document's code. A consent to the current version already live changes
 * nothing; one to an older version is ended and replaced. Audited, and the person gets the
 * disclosure by email as their copy.
 */
export async function consentToPaperless(
  db: Db,
  clock: Clock,
  key: EsignKey,
  user: SessionUser,
  request: PaperlessConsentRequest,
  meta: ConsentMeta,
): Promise<PaperlessAnswer> {
  requireCustomer(user);
  const { version, text } = ESIGN_DISCLOSURE;
  if (request.version !== version) {
    const message = 'The disclosure changed since you opened this page. Read it again and accept it.';
    throw new DomainError('unprocessable', 'PAPERLESS.DISCLOSURE_OUTDATED', message, { version: message });
  }
  if (!sameCode(request.code, testDocumentCode(key, user.id, version))) {
    const message = 'That is not the code in the test document. Open it again and type the code it shows.';
    throw new DomainError('unprocessable', 'PAPERLESS.WRONG_CODE', message, { code: message });
  }
  return db.transaction(async (tx) => {
    // One consent at a time per person: a second request waits here, then sees the first one's row.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
    const live = await liveConsent(tx, user.id);
    if (live?.disclosureVersion === version) return answer(live);
    const now = clock.now();
    if (live) await tx.update(esignConsents).set({ withdrawnAt: now }).where(eq(esignConsents.id, live.id));
    const [consent] = await tx
      .insert(esignConsents)
      .values({
        userId: user.id,
        disclosureVersion: version,
        consentedAt: now,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
        demonstratedAt: now,
      })
      .returning();
    await setPaperless(tx, clock, user.id, true);
    await recordAudit(tx, {
      actor: { type: 'user', id: user.id },
      action: 'user.paperless_consent',
      resource: { type: 'user', id: user.id },
      ip: meta.ip,
      requestId: meta.requestId,
      details: { disclosureVersion: version, ...(live ? { replacedVersion: live.disclosureVersion } : {}) },
    });
    await sendMail(tx, clock, {
      to: user.email,
      ...renderMail('paperless-consent', {
        displayName: user.displayName,
        version,
        consentedAt: formatMailInstant(now),
        ip: meta.ip ?? 'unknown',
        disclosure: text,
      }),
    });
    return answer(consent);
  });
}

/**
 * Ends the live consent inside the caller's transaction: paper again, audited, told by email. Answers
 * whether there was one. The preferences page's "paperless off" comes here too.
 */
export async function endPaperlessConsent(
  tx: Db,
  clock: Clock,
  user: SessionUser,
  meta: ConsentMeta,
): Promise<boolean> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
  const live = await liveConsent(tx, user.id);
  if (!live) return false;
  const now = clock.now();
  await tx.update(esignConsents).set({ withdrawnAt: now }).where(eq(esignConsents.id, live.id));
  await setPaperless(tx, clock, user.id, false);
  await recordAudit(tx, {
    actor: { type: 'user', id: user.id },
    action: 'user.paperless_withdraw',
    resource: { type: 'user', id: user.id },
    ip: meta.ip,
    requestId: meta.requestId,
    details: { disclosureVersion: live.disclosureVersion },
  });
  await sendMail(tx, clock, {
    to: user.email,
    ...renderMail('paperless-withdrawn', {
      displayName: user.displayName,
      withdrawnAt: formatMailInstant(now),
      phone: LENDER.phone,
    }),
  });
  return true;
}

/** Withdraws the consent (`DELETE /api/v1/paperless/consent`); 404 when there is none. */
export async function withdrawPaperless(
  db: Db,
  clock: Clock,
  user: SessionUser,
  meta: ConsentMeta,
): Promise<PaperlessAnswer> {
  requireCustomer(user);
  await db.transaction(async (tx) => {
    if (!(await endPaperlessConsent(tx, clock, user, meta))) {
      throw new DomainError(
        'not_found',
        'PAPERLESS.NOT_CONSENTED',
        'You have not consented to electronic documents: your statements come by mail.',
      );
    }
  });
  return answer(undefined);
}

/** Whether a live consent exists (the preferences page may keep paperless on only then). */
export async function hasPaperlessConsent(db: Db, userId: string): Promise<boolean> {
  return (await liveConsent(db, userId)) !== undefined;
}
