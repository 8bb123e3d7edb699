export { devMailboxRoutes, hasDevMailbox } from './dev-mailbox.routes.ts';
export { createSmtpTransport, sendMail } from './mail.ts';
export type { MailTemplate, TemplateValues } from './mail-templates/render.ts';
export { formatMailInstant, renderMail } from './mail-templates/render.ts';
export { noticeParams, noticesResponse } from './notices.schemas.ts';
export { dismissNotice, listNotices, postNotice } from './notices.ts';
export type { OutboxEntry, OutboxState } from './notify.ts';
export { notify, OUTBOX_STATES, outboxMessages, retryDeadMessage } from './notify.ts';
export { startOutboxDelivery } from './outbox.jobs.ts';
export type { Preferences, PreferencesAnswer } from './preferences.schemas.ts';
export {
  DEFAULT_PREFERENCES,
  MAX_REMINDER_DAYS,
  MIN_REMINDER_DAYS,
  noticeChannels,
  preferencesRequest,
  preferencesResponse,
} from './preferences.schemas.ts';
export type { SmsGateway } from './sms.ts';
export { sandboxSmsGateway } from './sms.ts';
