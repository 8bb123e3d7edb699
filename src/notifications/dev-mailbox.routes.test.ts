import { eq } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { outbox } from '../db/schema.ts';
import { buildApp } from '../http/app.ts';
import type { Clock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from '../test-support/test-app.ts';
import { deliverOutbox, MAX_DELIVERY_ATTEMPTS, type MailTransport, sendMail } from './mail.ts';
import { renderMail } from './mail-templates/render.ts';

let now = new Date('2026-11-20T15:00:00Z');
const clock: Clock = { now: () => now, today: () => calendarDate(now.toISOString().slice(0, 10)) };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock }); // the mailbox on, no SMTP_URL: the test app's defaults
});
afterAll(() => t.close());

const HOSTILE = '<script>alert("x")</script> & <b>bold</b>';

async function mail(to: string, subject: string, text: string) {
  await sendMail(t.database.db, clock, { to, template: 'test', subject, text, html: `<p>${text}</p>` });
}

describe('the demo mailbox', () => {
  it('lists the outbox newest first as JSON', async () => {
    await mail('first@example.com', 'First', 'one');
    advance(1_000);
    await mail('second@example.com', 'Second', 'two');
    const res = await t.app.inject({ method: 'GET', url: '/dev/mailbox.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { messages } = res.json();
    expect(messages.slice(0, 2)).toMatchObject([
      { to: 'second@example.com', subject: 'Second', text: 'two', sentAt: null },
      { to: 'first@example.com', subject: 'First', text: 'one', createdAt: '2026-11-20T15:00:00.000Z' },
    ]);
  });

  it('keeps one recipient’s mail with ?to=', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/dev/mailbox.json?to=first%40example.com' });
    expect(res.json().messages.map((m: { to: string }) => m.to)).toEqual(['first@example.com']);
  });

  it('shows a plain HTML page with everything escaped, and the links in a mail made links', async () => {
    await mail(
      `${HOSTILE}@example.com`,
      HOSTILE,
      `${HOSTILE}\nhttp://127.0.0.1:3000/reset-password?token=abc_-1`,
    );
    const res = await t.app.inject({ method: 'GET', url: '/dev/mailbox', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const page = res.body;
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<b>');
    expect(page).not.toMatch(/<style|style=/);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(page).toContain(
      '<a href="http://127.0.0.1:3000/reset-password?token=abc_-1">http://127.0.0.1:3000/reset-password?token=abc_-1</a>',
    );
    // Newest first: the hostile mail, sent last, comes before "Second".
    expect(page.indexOf('&lt;script&gt;')).toBeLessThan(page.indexOf('<h2>Second</h2>'));
    expect(page).toMatch(/<pre>[\s\S]*<\/pre>/);
  });

  // Another app over the same database, configured otherwise.
  async function appWith(env: Record<string, string>) {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      AUTOFIN_WEB_DIST: '/nonexistent',
      ...env,
    });
    const app = await buildApp({ config, database: t.database, clock, secretKey: TEST_SECRET_KEY });
    await app.ready();
    return app;
  }

  it.each([
    ['its setting is not given, even with demo data on', { AUTOFIN_DEMO_DATA: '1' }],
    ['its setting is off', { AUTOFIN_DEMO_DATA: '1', AUTOFIN_DEMO_MAILBOX: '0' }],
    [
      'mail goes to a real SMTP server',
      { AUTOFIN_DEMO_MAILBOX: '1', SMTP_URL: 'smtp://mail.example.com:587' },
    ],
  ])('does not exist when %s', async (_when, env) => {
    const other = await appWith(env);
    try {
      for (const url of ['/dev/mailbox', '/dev/mailbox.json']) {
        const res = await other.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
        expect(res.statusCode).toBe(404);
      }
    } finally {
      await other.close();
    }
  });
});

describe('the outbox deliverer', () => {
  const sent: { to: string; subject: string; from: string }[] = [];
  let failing = false;
  const transport: MailTransport = {
    sendMail: async (m) => {
      if (failing) throw new Error('421 try again later');
      sent.push(m);
    },
  };
  const unsent = () => t.database.db.select().from(outbox).where(eq(outbox.to, 'deliver@example.com'));

  it('sends what is due, marks it sent, and retries a failure later', async () => {
    await t.database.db.delete(outbox);
    await sendMail(t.database.db, clock, {
      to: 'deliver@example.com',
      ...renderMail('user-id-reminder', { displayName: 'Ana', userId: 'ana', signInUrl: 'http://x/sign-in' }),
    });
    failing = true;
    expect(await deliverOutbox(t.database.db, clock, transport)).toEqual({ sent: 0, failed: 1 });
    const [afterFailure] = await unsent();
    expect(afterFailure).toMatchObject({ attempts: 1, lastError: '421 try again later', sentAt: null });
    // Not retried before its time (one minute after the first failure).
    failing = false;
    expect(await deliverOutbox(t.database.db, clock, transport)).toEqual({ sent: 0, failed: 0 });
    advance(60_000);
    expect(
      await deliverOutbox(t.database.db, clock, transport, { from: 'Lender <no-reply@lender.example>' }),
    ).toEqual({ sent: 1, failed: 0 });
    expect(sent).toEqual([
      expect.objectContaining({ to: 'deliver@example.com', from: 'Lender <no-reply@lender.example>' }),
    ]);
    const [delivered] = await unsent();
    expect(delivered).toMatchObject({ attempts: 2, lastError: null, sentAt: now });
    expect(await deliverOutbox(t.database.db, clock, transport)).toEqual({ sent: 0, failed: 0 });
  });

  it(`gives up after ${MAX_DELIVERY_ATTEMPTS} attempts`, async () => {
    await t.database.db.delete(outbox);
    await mail('deliver@example.com', 'Doomed', 'never arrives');
    failing = true;
    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS; i++) {
      expect((await deliverOutbox(t.database.db, clock, transport)).failed).toBe(1);
      advance(60 * 60_000);
    }
    expect(await deliverOutbox(t.database.db, clock, transport)).toEqual({ sent: 0, failed: 0 });
    const [row] = await unsent();
    expect(row).toMatchObject({ attempts: MAX_DELIVERY_ATTEMPTS, sentAt: null });
  });

  it('hands nodemailer a message it can build', async () => {
    await t.database.db.delete(outbox);
    await sendMail(t.database.db, clock, {
      to: 'deliver@example.com',
      ...renderMail('password-reset', {
        displayName: 'Ana <Díaz>',
        userId: 'ana',
        resetUrl: 'http://127.0.0.1:3000/reset-password?token=t0k',
        validFor: '1 hour',
      }),
    });
    const json = createTransport({ jsonTransport: true });
    const built: string[] = [];
    const recording: MailTransport = {
      sendMail: async (m) => {
        const info = await json.sendMail(m);
        built.push(String(info.message));
      },
    };
    expect(await deliverOutbox(t.database.db, clock, recording)).toEqual({ sent: 1, failed: 0 });
    const message = JSON.parse(built[0]!);
    expect(message).toMatchObject({
      subject: 'Reset your Autofin password',
      to: [{ address: 'deliver@example.com' }],
    });
    expect(message.text).toContain('Hello Ana <Díaz>,');
    expect(message.html).toContain('Hello Ana &lt;Díaz&gt;,');
    expect(message.html).toContain('<a href="http://127.0.0.1:3000/reset-password?token=t0k">');
  });
});
