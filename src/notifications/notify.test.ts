import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { outbox, userPreferences, users } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { startJobQueue, stopJobQueue } from '../platform/queue.ts';
import { openTestDatabase, TEST_TODAY } from '../test-support/test-app.ts';
import { deliverOutbox, MAX_DELIVERY_ATTEMPTS, type MailTransport } from './mail.ts';
import { notify, outboxMessages, retryDeadMessage, smsText } from './notify.ts';
import { startOutboxDelivery } from './outbox.jobs.ts';
import { DEFAULT_PREFERENCES } from './preferences.schemas.ts';

// Ana has a confirmed mobile number and wants statements by text only; Ben has a number he never
// confirmed and wants everything by text too; Cy never saved preferences (the defaults).
const clock = fixedClock(TEST_TODAY);
let database: Database;
const ids: Record<string, string> = {};

const statementReady = (userId: string) => ({
  userId,
  event: 'statement_ready' as const,
  template: 'statement-ready' as const,
  values: {
    contractNumber: 'RIC-000001',
    closingDate: '2026-11-20',
    dueDate: '2026-12-10',
    amountDue: '$412.50',
  },
});

beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database;
  for (const [name, phone, verified] of [
    ['ana', '+12155550101', true],
    ['ben', '+12155550102', false],
    ['cy', null, false],
  ] as const) {
    const [row] = await db
      .insert(users)
      .values({
        loginId: name,
        email: `${name}@example.com`,
        displayName: name.toUpperCase(),
        kind: 'customer',
        phone,
        phoneVerifiedAt: verified ? clock.now() : null,
      })
      .returning({ id: users.id });
    ids[name] = row!.id;
  }
  const everythingBySms = Object.fromEntries(
    Object.keys(DEFAULT_PREFERENCES.channels).map((event) => [event, { email: false, sms: true }]),
  );
  await db.insert(userPreferences).values([
    {
      userId: ids.ana!,
      channels: { ...DEFAULT_PREFERENCES.channels, statement_ready: { email: false, sms: true } },
      dueReminderDays: 5,
      paperless: true,
      updatedAt: clock.now(),
    },
    // Stored before security alerts could not be turned off: still sent by email.
    {
      userId: ids.ben!,
      channels: everythingBySms,
      dueReminderDays: 5,
      paperless: false,
      updatedAt: clock.now(),
    },
  ]);
});
afterAll(() => database.close());
beforeEach(() => database.db.delete(outbox));

const sentTo = () =>
  database.db
    .select({ channel: outbox.channel, to: outbox.to, template: outbox.template, text: outbox.text })
    .from(outbox)
    .orderBy(outbox.id);

describe('notify', () => {
  it('sends by the channels the person chose for the event: text only to a confirmed number', async () => {
    expect(await notify(database.db, clock, statementReady(ids.ana!))).toEqual({ email: false, sms: true });
    expect(await sentTo()).toEqual([
      {
        channel: 'sms',
        to: '+12155550101',
        template: 'statement-ready',
        text: smsText('Your statement for RIC-000001 is ready'),
      },
    ]);
  });

  it('sends nothing when the only channel chosen is a text to a number never confirmed', async () => {
    expect(await notify(database.db, clock, statementReady(ids.ben!))).toEqual({ email: false, sms: false });
    expect(await sentTo()).toEqual([]);
  });

  it('uses the defaults (email) for someone who never saved preferences, with their name', async () => {
    expect(await notify(database.db, clock, statementReady(ids.cy!))).toEqual({ email: true, sms: false });
    const [mail] = await database.db.select().from(outbox);
    expect(mail).toMatchObject({ channel: 'email', to: 'cy@example.com', template: 'statement-ready' });
    expect(mail!.text).toContain('Hello CY,');
    expect(mail!.text).toContain('Amount due: $412.50 by 2026-12-10.');
  });

  it('always sends security alerts and required notices by email, whatever is stored', async () => {
    const alert = {
      userId: ids.ben!,
      event: 'security_alerts' as const,
      template: 'password-changed' as const,
      values: { userId: 'ben', when: '2026-11-20 15:00 UTC', how: 'on the website', signedOut: '' },
    };
    expect(await notify(database.db, clock, alert)).toEqual({ email: true, sms: false });
    const changed = {
      userId: ids.ana!,
      event: 'autopay_amount_changed' as const,
      template: 'autopay-amount-changed' as const,
      values: {
        contractNumber: 'RIC-000001',
        amount: '$500.00',
        previousAmount: '$412.50',
        debitDate: '2026-12-08',
        dueDate: '2026-12-10',
        method: 'Checking (…6789)',
        reason: 'It is the amount still due.',
      },
    };
    // Ana's confirmed number gets no text for it: a required notice has no channel choice.
    expect(await notify(database.db, clock, changed)).toEqual({ email: true, sms: false });
    expect((await sentTo()).map((m) => [m.channel, m.to, m.template])).toEqual([
      ['email', 'ben@example.com', 'password-changed'],
      ['email', 'ana@example.com', 'autopay-amount-changed'],
    ]);
  });
});

describe('dead letters', () => {
  const failing: MailTransport = {
    sendMail: async ({ to }) => {
      throw new Error(`550 mailbox ${to} unavailable`);
    },
  };

  it('lists a message as dead once every attempt failed, masked, and a retry gives it new attempts', async () => {
    await notify(database.db, clock, statementReady(ids.cy!));
    const [row] = await database.db.select().from(outbox);
    // Nine attempts already failed; the tenth (due now) fails too.
    await database.db
      .update(outbox)
      .set({ attempts: MAX_DELIVERY_ATTEMPTS - 1 })
      .where(eq(outbox.id, row!.id));
    expect((await outboxMessages(database.db, 'dead')).total).toBe(0);
    expect((await outboxMessages(database.db, 'pending')).total).toBe(1);
    expect(await deliverOutbox(database.db, clock, failing)).toEqual({ sent: 0, failed: 1 });

    const dead = await outboxMessages(database.db, 'dead');
    expect(dead).toEqual({
      total: 1,
      messages: [
        expect.objectContaining({
          id: row!.id,
          to: 'c•@example.com',
          template: 'statement-ready',
          attempts: MAX_DELIVERY_ATTEMPTS,
          lastError: '550 mailbox c•@example.com unavailable',
        }),
      ],
    });
    // The deliverer leaves it alone, however late it gets.
    const later = fixedClock(TEST_TODAY, new Date(clock.now().getTime() + 7 * 86_400_000));
    expect(await deliverOutbox(database.db, later, failing)).toEqual({ sent: 0, failed: 0 });

    expect(await retryDeadMessage(database.db, clock, row!.id)).toMatchObject({ id: row!.id, attempts: 0 });
    expect((await outboxMessages(database.db, 'dead')).total).toBe(0);
    const sent: string[] = [];
    await deliverOutbox(database.db, later, { sendMail: async ({ to }) => void sent.push(to) });
    expect(sent).toEqual(['cy@example.com']);
  });

  it('retries only a dead message', async () => {
    await notify(database.db, clock, statementReady(ids.cy!));
    const [row] = await database.db.select().from(outbox);
    expect(await retryDeadMessage(database.db, clock, row!.id)).toBeUndefined();
    expect(await retryDeadMessage(database.db, clock, 999_999)).toBeUndefined();
  });
});

describe('the outbox-delivery job', () => {
  it('delivers what is due soon after it starts, and keeps delivering', async () => {
    await notify(database.db, clock, statementReady(ids.cy!));
    const sent: string[] = [];
    const jobs = await startJobQueue(database, { error: () => {} });
    await startOutboxDelivery(
      jobs,
      database.db,
      clock,
      { sendMail: async ({ to }) => void sent.push(to) },
      { from: 'Autofin <no-reply@example.com>' },
      { error: () => {} },
    );
    try {
      await expect.poll(() => sent, { timeout: 30_000, interval: 200 }).toEqual(['cy@example.com']);
      const [row] = await database.db.select().from(outbox);
      expect(row!.sentAt).not.toBeNull();
      // A message written later goes with the next run, queued by the one before (10 s on).
      await notify(database.db, clock, statementReady(ids.cy!));
      await expect
        .poll(() => sent, { timeout: 40_000, interval: 500 })
        .toEqual(['cy@example.com', 'cy@example.com']);
    } finally {
      await stopJobQueue(jobs);
    }
  }, 60_000);
});
