import { readFileSync } from 'node:fs';

/**
 * Mail templates: each is `<name>.txt` (first line `Subject: …`, a blank line, then the plain-text
 * body) and `<name>.html` (the HTML body, wrapped in `layout.html`). `{{key}}` is replaced by a value:
 * as it is in the text and the subject, HTML-escaped in the HTML. No logic, no engine; a template
 * whose placeholders differ from the keys declared below fails at load, not when a mail goes out.
 */
const TEMPLATE_KEYS = {
  'user-id-reminder': ['displayName', 'userId', 'signInUrl'],
  'password-reset': ['displayName', 'userId', 'resetUrl', 'validFor'],
  'password-changed': ['displayName', 'userId', 'when', 'how', 'signedOut'],
  'account-locked': ['displayName', 'userId', 'until'],
  'new-device': ['displayName', 'userId', 'when', 'device', 'ip'],
  'one-time-code': ['displayName', 'code', 'purpose', 'validFor'],
  'register-link': ['displayName', 'registerUrl', 'validFor'],
  'register-existing': ['displayName', 'userId', 'signInUrl', 'forgotPasswordUrl'],
  'email-change-verify': ['displayName', 'userId', 'verifyUrl', 'validFor'],
  'email-changed': ['displayName', 'userId', 'when', 'newEmail'],
  'security-change': ['displayName', 'userId', 'when', 'change'],
  'passkey-added': ['displayName', 'userId', 'passkeyName', 'when'],
  'factors-reset': ['displayName', 'userId', 'when'],
  'profile-changed': ['displayName', 'userId', 'when', 'changes'],
  'payment-confirmation': ['displayName', 'what', 'number', 'contractNumber', 'amount', 'method', 'status'],
  'payment-returned': ['displayName', 'amount', 'paidOn', 'contractNumber', 'reason', 'fee', 'methodNote'],
  'autopay-authorization': [
    'displayName',
    'what',
    'contractNumber',
    'method',
    'amount',
    'timing',
    'status',
    'version',
    'acceptedAt',
    'ip',
    'authorization',
  ],
  'autopay-amount-changed': [
    'displayName',
    'contractNumber',
    'amount',
    'previousAmount',
    'debitDate',
    'dueDate',
    'method',
    'reason',
  ],
  'autopay-suspended': ['displayName', 'contractNumber', 'reason'],
  'payoff-complete': ['displayName', 'contractNumber', 'paidOn'],
  'grantee-payment': ['displayName', 'payerName', 'amount', 'contractNumber', 'status', 'number'],
  'payment-posted': ['displayName', 'kind', 'amount', 'method', 'contractNumber', 'postedOn', 'number'],
  'payment-due-reminder': ['displayName', 'amount', 'dueDate', 'contractNumber', 'scheduledNote', 'days'],
  'statement-ready': ['displayName', 'contractNumber', 'closingDate', 'dueDate', 'amountDue'],
  'final-statement-ready': ['displayName', 'contractNumber', 'periodStart', 'paidOn'],
  'paperless-consent': ['displayName', 'version', 'consentedAt', 'ip', 'disclosure'],
  'paperless-withdrawn': ['displayName', 'withdrawnAt', 'phone'],
  'organization-invitation': ['inviterName', 'organizationName', 'role', 'acceptUrl', 'validFor'],
  'contract-grant-invitation': [
    'inviteeName',
    'inviterName',
    'contractNumber',
    'rights',
    'until',
    'acceptUrl',
    'validFor',
  ],
  'bulk-payment-confirmation': [
    'displayName',
    'organizationName',
    'number',
    'count',
    'amount',
    'method',
    'status',
  ],
  'bulk-payment-returned': [
    'displayName',
    'organizationName',
    'number',
    'count',
    'amount',
    'reason',
    'fee',
    'methodNote',
  ],
  'bulk-payment-failed': ['displayName', 'organizationName', 'number', 'amount', 'reason'],
  'business-registration-code': ['businessName', 'code', 'validFor'],
  'organization-admin-joined': ['displayName', 'newAdminName', 'newAdminUserId', 'organizationName', 'when'],
  'organization-statement-ready': [
    'displayName',
    'organizationName',
    'closingDate',
    'contractCount',
    'totalDue',
  ],
} as const;

export type MailTemplate = keyof typeof TEMPLATE_KEYS;
export type TemplateValues<T extends MailTemplate> = Record<(typeof TEMPLATE_KEYS)[T][number], string>;
export type RenderedMail = { template: MailTemplate; subject: string; text: string; html: string };

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function fill(template: string, values: Record<string, string>, encode: (v: string) => string): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`mail template value missing: ${key}`);
    return encode(value);
  });
}

const read = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

type LoadedTemplate = { subject: string; text: string; html: string };

function load(name: MailTemplate): LoadedTemplate {
  const source = read(`./${name}.txt`);
  const match = /^Subject: (.+)\n\n([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`mail template ${name}.txt must start with "Subject: …" and a blank line`);
  const [, subject = '', text = ''] = match;
  const html = read(`./${name}.html`);
  const used = new Set([...`${subject}\n${text}\n${html}`.matchAll(PLACEHOLDER)].map((m) => m[1]));
  const declared = new Set<string>(TEMPLATE_KEYS[name]);
  const missing = [...declared].filter((k) => !used.has(k));
  const unknown = [...used].filter((k) => k === undefined || !declared.has(k));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(`mail template ${name}: unused keys [${missing}], undeclared placeholders [${unknown}]`);
  }
  return { subject, text, html };
}

const LAYOUT = read('./layout.html');
const TEMPLATES = Object.fromEntries(
  (Object.keys(TEMPLATE_KEYS) as MailTemplate[]).map((name) => [name, load(name)]),
) as Record<MailTemplate, LoadedTemplate>;

// A subject is a mail header: a line break in a value must not start another header.
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

export function renderMail<T extends MailTemplate>(name: T, values: TemplateValues<T>): RenderedMail {
  const template = TEMPLATES[name];
  const subject = fill(template.subject, values, oneLine);
  const body = fill(template.html, values, escapeHtml);
  return {
    template: name,
    subject,
    text: fill(template.text, values, (v) => v),
    html: fill(LAYOUT, { subject: escapeHtml(subject), body }, (v) => v),
  };
}

/** An instant as mail shows it: unambiguous, to the minute, in UTC ("2026-11-20 15:04 UTC"). */
export function formatMailInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
