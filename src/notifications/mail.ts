import { and, desc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import type { Db } from '../db/database.ts';
import { outbox } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { RenderedMail } from './mail-templates/render.ts';

/**
 * Mail goes out through the outbox: `sendMail` only writes a row, in the caller's transaction, so a
 * message exists exactly when the action it reports committed. `deliverOutbox` (on a timer, when
 * SMTP_URL is set) sends what is due. Delivery is at least once: a process that dies between the
 * SMTP server's acceptance and marking the row sent will send that message again.
 */
export type MailMessage = Omit<RenderedMail, 'template'> & { to: string; template: string };

/** What `deliverOutbox` needs of a transport; nodemailer's `Transporter` is one. */
export type MailTransport = {
  sendMail(mail: { from: string; to: string; subject: string; text: string; html: string }): Promise<unknown>;
};

export const MAX_DELIVERY_ATTEMPTS = 10;
/** How long a deliverer holds the rows it took, so another deliverer leaves them alone. */
const CLAIM_MS = 5 * 60_000;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;
const DEFAULT_FROM = 'Autofin <no-reply@localhost>';

export async function sendMail(db: Db, clock: Clock, message: MailMessage): Promise<void> {
  const now = clock.now();
  await db.insert(outbox).values({
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    template: message.template,
    createdAt: now,
    nextAttemptAt: now,
  });
}

/** A pooled SMTP transport for `SMTP_URL` (smtp:// or smtps://, credentials in the URL). */
export function createSmtpTransport(smtpUrl: string) {
  return createTransport({ url: smtpUrl, pool: true });
}

/**
 * Sends the messages that are due, oldest first, at most `batchSize` per call. A failure is kept in
 * `last_error` and retried after 1, 2, 4 … minutes (at most an hour), up to 10 attempts in all.
 */
export async function deliverOutbox(
  db: Db,
  clock: Clock,
  transport: MailTransport,
  options: { from?: string; batchSize?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const now = clock.now();
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(isNull(outbox.sentAt), lte(outbox.nextAttemptAt, now), lt(outbox.attempts, MAX_DELIVERY_ATTEMPTS)),
    )
    .orderBy(outbox.id)
    .limit(options.batchSize ?? 50)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
    .where(inArray(outbox.id, due))
    .returning();
  claimed.sort((a, b) => a.id - b.id);
  let sent = 0;
  let failed = 0;
  for (const row of claimed) {
    try {
      await transport.sendMail({
        from: options.from ?? DEFAULT_FROM,
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html,
      });
      await db.update(outbox).set({ sentAt: clock.now(), lastError: null }).where(eq(outbox.id, row.id));
      sent++;
    } catch (error) {
      const retryMs = Math.min(FIRST_RETRY_MS * 2 ** (row.attempts - 1), MAX_RETRY_MS);
      await db
        .update(outbox)
        .set({
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
          nextAttemptAt: new Date(clock.now().getTime() + retryMs),
        })
        .where(eq(outbox.id, row.id));
      failed++;
    }
  }
  return { sent, failed };
}

export type OutboxMessage = {
  id: number;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  html: string;
  template: string;
  createdAt: Date;
  sentAt: Date | null;
};

/** The latest messages, newest first (the demo mailbox). */
export async function latestMail(db: Db, limit = 100, to?: string): Promise<OutboxMessage[]> {
  return db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      to: outbox.to,
      subject: outbox.subject,
      text: outbox.text,
      html: outbox.html,
      template: outbox.template,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(to ? eq(outbox.to, to) : undefined)
    .orderBy(desc(outbox.id))
    .limit(limit);
}
