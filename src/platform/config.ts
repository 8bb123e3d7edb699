import { z } from 'zod';
import {
  DEFAULT_STATEMENT_DAYS_BEFORE_DUE,
  MAX_STATEMENT_DAYS_BEFORE_DUE,
  MIN_STATEMENT_DAYS_BEFORE_DUE,
} from '../core/statement-period.ts';

/**
 * The portal's configuration: read from the environment once, at boot, validated, typed, and
 * nowhere else read. A bad value stops the process with a message naming each variable.
 */
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const environment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  AUTOFIN_DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>\r\n]+ <[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/,
      'must be an address, optionally with a name: Lender Name <no-reply@lender.example>',
    )
    .default('Autofin <no-reply@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  AUTOFIN_DEMO_DATA: flag.default(true),
  AUTOFIN_DEMO_MAILBOX: flag.default(false),
  AUTOFIN_TIME_ZONE: z
    .string()
    .refine(
      (zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC',
      'is not an IANA time zone',
    )
    .default('America/New_York'),
  AUTOFIN_TRUST_PROXY: flag.default(false),
  AUTOFIN_TIME_TRAVEL: flag.default(false),
  AUTOFIN_MFA: z.enum(['required', 'optional']).default('required'),
  AUTOFIN_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be the portal’s http(s):// address' })
    .optional(),
  AUTOFIN_SECRET_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be 32 random bytes in base64 (openssl rand -base64 32)',
    )
    .optional(),
  AUTOFIN_WEB_DIST: z.string().min(1).default('./dist/web'),
  /** Payments made after this time (in AUTOFIN_TIME_ZONE) take effect the next business day. */
  AUTOFIN_PAYMENT_CUTOFF: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as 20:00')
    .default('20:00'),
  /** The most one customer may pay online in one day, in cents (default $25,000.00). */
  AUTOFIN_PAYMENT_DAILY_MAX_CENTS: z.coerce.number().int().positive().default(2_500_000),
  /** Where the NACHA files of each cut-off are written (default: the data folder's ach/outgoing). */
  AUTOFIN_ACH_OUTGOING_DIR: z.string().min(1).optional(),
  /** Where each business date's print file of paper statements is written for the mail house (default: the data folder's print). */
  AUTOFIN_PRINT_DIR: z.string().min(1).optional(),
  /** How many days before each due date its monthly statement is cut (core/statement-period.ts). */
  AUTOFIN_STATEMENT_DAYS_BEFORE_DUE: z.coerce
    .number()
    .int()
    .min(MIN_STATEMENT_DAYS_BEFORE_DUE)
    .max(MAX_STATEMENT_DAYS_BEFORE_DUE)
    .default(DEFAULT_STATEMENT_DAYS_BEFORE_DUE),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  /** The From of every mail the portal sends. */
  mailFrom: string;
  /** pino's level: LOG_LEVEL, else `info` (each request a JSON line), or `warn` on a terminal. */
  logLevel: string;
  /**
   * A person is watching (stdout is a terminal, not in production): the start prints a plain banner
   * and the log is pretty-printed (pino-pretty) instead of JSON lines for a collector.
   */
  terminal: boolean;
  demoData: boolean;
  /** Show the outbox at /dev/mailbox (reset links included, to anyone): only when set, never by default. */
  demoMailbox: boolean;
  timeZone: string;
  trustProxy: boolean;
  /** Demos and tests only: the business date can be moved forward through the servicing API. */
  timeTravel: boolean;
  /** Whether every sign-in needs a second factor (the default) or only those who enrolled one. */
  mfa: 'required' | 'optional';
  secretKey: string | undefined;
  /** The address people reach the portal at, for links in mail (never taken from a request's Host header). */
  publicUrl: string | undefined;
  webDist: string;
  payments: {
    /** "HH:MM" in `timeZone`. */
    cutoff: string;
    dailyMaxCents: number;
    achOutgoingDir: string;
  };
  statements: {
    /** The statement date of each installment is its due date less this many days. */
    daysBeforeDue: number;
    /** Where the daily print file of paper statements goes (documents/print-queue.ts). */
    printDir: string;
  };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** `onTerminal`: whether stdout is a terminal (the server passes `process.stdout.isTTY`). */
export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  onTerminal = false,
): Config {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const terminal = onTerminal && e.NODE_ENV !== 'production';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.AUTOFIN_DATA_DIR,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL ?? (terminal ? 'warn' : 'info'),
    terminal,
    demoData: e.AUTOFIN_DEMO_DATA,
    demoMailbox: e.AUTOFIN_DEMO_MAILBOX,
    timeZone: e.AUTOFIN_TIME_ZONE,
    trustProxy: e.AUTOFIN_TRUST_PROXY,
    timeTravel: e.AUTOFIN_TIME_TRAVEL,
    mfa: e.AUTOFIN_MFA,
    secretKey: e.AUTOFIN_SECRET_KEY,
    publicUrl: e.AUTOFIN_PUBLIC_URL?.replace(/\/$/, ''),
    webDist: e.AUTOFIN_WEB_DIST,
    payments: {
      cutoff: e.AUTOFIN_PAYMENT_CUTOFF,
      dailyMaxCents: e.AUTOFIN_PAYMENT_DAILY_MAX_CENTS,
      achOutgoingDir: e.AUTOFIN_ACH_OUTGOING_DIR ?? `${e.AUTOFIN_DATA_DIR}/ach/outgoing`,
    },
    statements: {
      daysBeforeDue: e.AUTOFIN_STATEMENT_DAYS_BEFORE_DUE,
      printDir: e.AUTOFIN_PRINT_DIR ?? `${e.AUTOFIN_DATA_DIR}/print`,
    },
  };
}
