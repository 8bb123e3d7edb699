import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { optionalFreeText } from '../platform/fields.schemas.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { latestMail, type OutboxMessage } from './mail.ts';
import { escapeHtml } from './mail-templates/render.ts';

/**
 * The demo mailbox: without an SMTP server mail stays in the outbox, and these pages show it, so a
 * demo's "forgot password" can be followed to the end. Anyone who can reach the portal can read it,
 * reset links included; that is why the routes exist only when AUTOFIN_DEMO_MAILBOX is set (demo
 * data alone does not open it) and no mail is being sent, and why the start says so.
 */
export function hasDevMailbox(config: Pick<RouteDeps['config'], 'demoMailbox' | 'smtpUrl'>): boolean {
  return config.demoMailbox && !config.smtpUrl;
}

const SHOWN = 100;

const mailboxJson = z.object({
  messages: z.array(
    z.object({
      id: z.number(),
      /** `sms`: a text message the sandbox SMS gateway kept (no subject, no HTML). */
      channel: z.enum(['email', 'sms']),
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      html: z.string(),
      template: z.string(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
    }),
  ),
});

/** Escapes text for HTML and makes its http(s) addresses links (the reset link of a demo mail). */
function linkify(text: string): string {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/);
  return parts
    .map((part, i) =>
      i % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part),
    )
    .join('');
}

function page(messages: OutboxMessage[]): string {
  const items = messages.map(
    (m) => `<li>
<article>
<h2>${escapeHtml(m.channel === 'sms' ? `Text message to ${m.to}` : m.subject)}</h2>
<dl>
<dt>To</dt><dd>${escapeHtml(m.to)}</dd>
<dt>Time</dt><dd><time datetime="${m.createdAt.toISOString()}">${m.createdAt.toISOString()}</time></dd>
<dt>Template</dt><dd>${escapeHtml(m.template)}</dd>
</dl>
<pre>${linkify(m.text)}</pre>
</article>
</li>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo mailbox · Autofin</title>
</head>
<body>
<main>
<h1>Demo mailbox</h1>
<p>This portal runs with demo data and no mail server, so the mail it would send is kept here instead, and so are the text messages of the sandbox SMS gateway. Newest first; the latest ${SHOWN} messages.</p>
${messages.length === 0 ? '<p>No mail yet.</p>' : `<ol>\n${items.join('\n')}\n</ol>`}
</main>
</body>
</html>
`;
}

export async function devMailboxRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  if (!hasDevMailbox(deps.config)) return;
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/dev/mailbox',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      const messages = await latestMail(db, SHOWN);
      return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page(messages));
    },
  );

  routes.get(
    '/dev/mailbox.json',
    {
      config: { access: 'public' },
      // `?to=` keeps one recipient's mail: a busy demo (reminders, statements) soon fills the latest 100.
      schema: {
        hide: true,
        querystring: z.object({ to: optionalFreeText('The address', { max: 254 }) }),
        response: { 200: mailboxJson },
      },
    },
    async (request, reply) => {
      const messages = await latestMail(db, SHOWN, request.query.to);
      reply.header('cache-control', 'no-store');
      return {
        messages: messages.map((m) => ({
          ...m,
          createdAt: m.createdAt.toISOString(),
          sentAt: m.sentAt?.toISOString() ?? null,
        })),
      };
    },
  );
}
