/**
 * notify(tx: Db, clock: Clock, notice: Notice<T>, sms?: SmsGateway): Promise<{ email: boolean; sms: boolean }>
 *   with Notice<T> = { userId: string; event: NotifyEvent; template: T extends MailTemplate;
 *                      values: TemplateValues<T> without displayName (filled in from the user) }
 *
 * One way to tell a person something: by email and/or text message, as their preferences say for
 * the event (`user_preferences.channels`, defaults in notifications/preferences.schemas.ts). Both are written in
 * the caller's transaction: the email as an outbox row (delivered by the `outbox-delivery` job),
 * the text through the SMS gateway, and only to a mobile number the person confirmed with a code.
 * Security alerts and the notices the law requires (an AutoPay debit's changed amount, Regulation E
 * §1005.10(d)) always go by email whatever is stored: the one channel we know reaches the owner.
 */
import { and, count, desc, eq, gte, isNull, lt } from 'drizzle-orm';
import { maskEmail, maskPhone } from '../core/masking.ts';
import type { Db } from '../db/database.ts';
import { outbox, userPreferences, users } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { MAX_DELIVERY_ATTEMPTS, sendMail } from './mail.ts';
import { type MailTemplate, renderMail, type TemplateValues } from './mail-templates/render.ts';
import { DEFAULT_PREFERENCES, type NoticeEvent, noticeChannels } from './preferences.schemas.ts';
import { type SmsGateway, sandboxSmsGateway } from './sms.ts';

/** Notices no preference may silence by email; they have no channel choice of their own. */
export const REQUIRED_NOTICES = ['autopay_amount_changed'] as const;
export type NotifyEvent = NoticeEvent | (typeof REQUIRED_NOTICES)[number];

export type Notice<T extends MailTemplate> = {
  userId: string;
  event: NotifyEvent;
  template: T;
  values: Omit<TemplateValues<T>, 'displayName'>;
};

const ALWAYS_BY_EMAIL: ReadonlySet<NotifyEvent> = new Set(['security_alerts', ...REQUIRED_NOTICES]);

/** What a text message says: the mail's subject (a line, no link to phish with), signed by the portal. */
export const smsText = (subject: string) => `Autofin: ${subject}. Sign in to your account for details.`;

/** Sends `notice` to the user by the channels they chose; answers which ones it went by. */
export async function notify<T extends MailTemplate>(
  tx: Db,
  clock: Clock,
  notice: Notice<T>,
  // The bundled gateway until a deployment plugs in its carrier (see sms.ts).
  sms: SmsGateway = sandboxSmsGateway,
): Promise<{ email: boolean; sms: boolean }> {
  const [person] = await tx
    .select({
      email: users.email,
      displayName: users.displayName,
      phone: users.phone,
      phoneVerifiedAt: users.phoneVerifiedAt,
      channels: userPreferences.channels,
    })
    .from(users)
    .leftJoin(userPreferences, eq(userPreferences.userId, users.id))
    .where(eq(users.id, notice.userId));
  if (!person) throw new Error(`notify: no user ${notice.userId}`);
  const stored = noticeChannels.safeParse({ ...DEFAULT_PREFERENCES.channels, ...person.channels });
  const channels = stored.success ? stored.data : DEFAULT_PREFERENCES.channels;
  // A required notice has no choice of its own: email only.
  const choice = (channels as Partial<Record<NotifyEvent, { email: boolean; sms: boolean }>>)[notice.event];
  const byEmail = ALWAYS_BY_EMAIL.has(notice.event) || Boolean(choice?.email);
  const bySms = Boolean(choice?.sms) && Boolean(person.phone && person.phoneVerifiedAt);
  if (!byEmail && !bySms) return { email: false, sms: false };
  const mail = renderMail(notice.template, {
    ...notice.values,
    displayName: person.displayName,
  } as TemplateValues<T>);
  if (byEmail) await sendMail(tx, clock, { to: person.email, ...mail });
  if (bySms)
    await sms.send(tx, clock, { to: person.phone!, text: smsText(mail.subject), template: mail.template });
  return { email: byEmail, sms: bySms };
}

/**
 * Messages delivery gave up on: MAX_DELIVERY_ATTEMPTS tried and none accepted (an SMS is recorded as
 * sent by its gateway, so only email dies). No column says "dead": the attempts and the missing
 * `sent_at` do, and the deliverer already leaves such rows alone.
 */
const isDead = and(isNull(outbox.sentAt), gte(outbox.attempts, MAX_DELIVERY_ATTEMPTS));
const isPending = and(isNull(outbox.sentAt), lt(outbox.attempts, MAX_DELIVERY_ATTEMPTS));

export const OUTBOX_STATES = ['dead', 'pending'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export type OutboxEntry = {
  id: number;
  channel: 'email' | 'sms';
  /** Masked: staff recognise the address without reading it out. */
  to: string;
  template: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
};

// A mail server's refusal often quotes the address; it is masked there too.
const EMAIL_IN_TEXT = /[^\s<>()"':;,@]+@[^\s<>()"':;,@]+\.[^\s<>()"':;,@]+/g;
const entryOf = (row: OutboxEntry): OutboxEntry => ({
  id: row.id,
  channel: row.channel,
  to: row.channel === 'sms' ? maskPhone(row.to) : maskEmail(row.to),
  template: row.template,
  attempts: row.attempts,
  lastError: row.lastError?.replace(EMAIL_IN_TEXT, (address) => maskEmail(address)) ?? null,
  createdAt: row.createdAt,
  nextAttemptAt: row.nextAttemptAt,
});

/** The dead (or still pending) messages, newest first, with how many there are in all. */
export async function outboxMessages(
  db: Db,
  state: OutboxState,
  limit = 100,
): Promise<{ total: number; messages: OutboxEntry[] }> {
  const where = state === 'dead' ? isDead : isPending;
  const [total] = await db.select({ n: count() }).from(outbox).where(where);
  const rows = await db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      to: outbox.to,
      template: outbox.template,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      nextAttemptAt: outbox.nextAttemptAt,
    })
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.id))
    .limit(limit);
  return { total: total?.n ?? 0, messages: rows.map(entryOf) };
}

/**
 * Gives a dead message a fresh set of attempts, due now (after the cause was fixed: a full mailbox,
 * a mail server's outage). Answers the message, or undefined when no dead message has that id.
 */
export async function retryDeadMessage(db: Db, clock: Clock, id: number): Promise<OutboxEntry | undefined> {
  const [row] = await db
    .update(outbox)
    .set({ attempts: 0, nextAttemptAt: clock.now() })
    .where(and(eq(outbox.id, id), isDead))
    .returning();
  return row && entryOf(row);
}
