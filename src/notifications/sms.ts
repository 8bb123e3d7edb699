import type { Db } from '../db/database.ts';
import { outbox } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';

/**
 * Text messages leave through an `SmsGateway`, so a deployment plugs in its carrier's API
 * (Twilio, SNS…) without touching the services that send. The bundled sandbox gateway delivers
 * nowhere: it records each message in the outbox (`channel = 'sms'`, already marked sent), where
 * the demo mailbox and the tests read it.
 */
export type SmsMessage = {
  /** E.164 (+15551234567). */
  to: string;
  text: string;
  /** What made it (`one-time-code`), for support and tests. */
  template: string;
};

export type SmsGateway = {
  /** Sends (or queues) a message; runs inside the caller's transaction when `db` is one. */
  send(db: Db, clock: Clock, message: SmsMessage): Promise<void>;
};

export const sandboxSmsGateway: SmsGateway = {
  async send(db, clock, message) {
    const now = clock.now();
    await db.insert(outbox).values({
      channel: 'sms',
      to: message.to,
      subject: '',
      text: message.text,
      html: '',
      template: message.template,
      createdAt: now,
      nextAttemptAt: now,
      sentAt: now,
    });
  },
};
