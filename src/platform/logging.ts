import type { FastifyServerOptions } from 'fastify';
import pretty from 'pino-pretty';
import type { Config } from './config.ts';

/** Secrets never reach the logs, whatever a log line happens to carry. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.key',
  '*.secret',
  '*.cardNumber',
  '*.cvv',
  '*.accountNumber',
];

/**
 * The portal's logger: JSON lines for a log collector (each request at `info`), or, when a person
 * runs it on a terminal, readable lines (pino-pretty, written in-process so nothing is lost at exit)
 * at `warn` unless LOG_LEVEL says otherwise.
 */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'terminal'>): FastifyServerOptions['logger'] {
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
  if (!config.terminal) return { level: config.logLevel, redact };
  return {
    level: config.logLevel,
    redact,
    stream: pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }),
  };
}
