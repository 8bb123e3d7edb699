/**
 * notify(tx: Db, clock: Clock, notice: Notice<T>, sms?: SmsGateway): Promise<{ email: boolean; sms: boolean }>
 *   with Notice<T> = { userId: string; event: NotifyEvent; template: T extends MailTemplate;
 *                      values: TemplateValues<T> without displayName (filled in from the user) }
 *
 * One way to tell a person something: by email and/or text message, as their preferences say for
 * the event (`user_preferences.channels`, defaults in schemas/preferences.ts). Both are written in
 * the caller's transaction: the email as an outbox row (delivered by the `outbox-delivery` job),
 * the text through the SMS gateway, and only to a mobile number the person confirmed with a code.
 * Security alerts and the notices the law requires (an AutoPay debit's changed amount, Regulation E
 * §1005.10(d)) always go by email whatever is stored: the one channel we know reaches the owner.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { userPreferences, users } from '../db/schema.ts';
import { DEFAULT_PREFERENCES, type NoticeEvent, noticeChannels } from '../schemas/preferences.ts';
import type { Clock } from './clock.ts';
import { sendMail } from './mail.ts';
import { type MailTemplate, renderMail, type TemplateValues } from './mail-templates/render.ts';
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
