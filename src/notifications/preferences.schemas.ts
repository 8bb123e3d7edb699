import { z } from 'zod';

/**
 * Communication preferences (`GET/PUT /api/v1/preferences`, stored in `user_preferences`): which
 * notices go out by which channel, how many days before a due date the reminder comes, and paperless.
 * Security alerts always go by email (a new device, a changed password or address): the one channel
 * we know reaches the owner, so a thief who took over a session cannot silence them.
 */
export const NOTICE_EVENTS = [
  'statement_ready',
  'payment_due',
  'payment_posted',
  'payment_returned',
  'security_alerts',
] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const MIN_REMINDER_DAYS = 1;
export const MAX_REMINDER_DAYS = 15;

const channelChoice = z.strictObject({
  email: z.boolean({ error: 'Say true or false.' }),
  sms: z.boolean({ error: 'Say true or false.' }),
});

export const noticeChannels = z.strictObject(
  Object.fromEntries(NOTICE_EVENTS.map((event) => [event, channelChoice])) as Record<
    NoticeEvent,
    typeof channelChoice
  >,
);
export type NoticeChannels = z.infer<typeof noticeChannels>;

export const SECURITY_ALERTS_ALWAYS_ON =
  'Security alerts always go by email, so you hear of any change to your account; they cannot be turned off.';

export const preferencesRequest = z.strictObject({
  channels: noticeChannels.refine((channels) => channels.security_alerts.email, {
    message: SECURITY_ALERTS_ALWAYS_ON,
    path: ['security_alerts', 'email'],
  }),
  dueReminderDays: z
    .number({ error: `Choose a number of days from ${MIN_REMINDER_DAYS} to ${MAX_REMINDER_DAYS}.` })
    .int(`Choose a whole number of days from ${MIN_REMINDER_DAYS} to ${MAX_REMINDER_DAYS}.`)
    .min(MIN_REMINDER_DAYS, `The reminder comes at least ${MIN_REMINDER_DAYS} day before the due date.`)
    .max(MAX_REMINDER_DAYS, `The reminder comes at most ${MAX_REMINDER_DAYS} days before the due date.`),
  paperless: z.boolean({ error: 'Say true or false.' }),
});
export type Preferences = z.infer<typeof preferencesRequest>;

export const preferencesResponse = z.object({
  channels: noticeChannels,
  dueReminderDays: z.number().int(),
  paperless: z.boolean(),
  /** Whether text messages can be chosen: only to a mobile number the user confirmed with a code. */
  smsAvailable: z.boolean(),
});
export type PreferencesAnswer = z.infer<typeof preferencesResponse>;

/** What a user who never saved preferences gets: every notice by email, none by text, paper statements. */
export const DEFAULT_PREFERENCES: Preferences = {
  channels: Object.fromEntries(
    NOTICE_EVENTS.map((event) => [event, { email: true, sms: false }]),
  ) as NoticeChannels,
  dueReminderDays: 5,
  paperless: false,
};
