import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults: port 3000, the embedded database in ./data, demo data on', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      databaseUrl: undefined,
      demoData: true,
    });
  });

  it('logs JSON at info for a collector, and at warn for a person on a terminal unless LOG_LEVEL says', () => {
    expect(loadConfig({})).toMatchObject({ logLevel: 'info', terminal: false });
    expect(loadConfig({}, true)).toMatchObject({ logLevel: 'warn', terminal: true });
    expect(loadConfig({ LOG_LEVEL: 'debug' }, true)).toMatchObject({ logLevel: 'debug', terminal: true });
    // Production logs go to a collector even when someone started it by hand.
    expect(loadConfig({ NODE_ENV: 'production' }, true)).toMatchObject({ logLevel: 'info', terminal: false });
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('reads each variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://app@db.internal:5432/autofin',
      SMTP_URL: 'smtps://mailer:secret@mail.example.com:465',
      AUTOFIN_DEMO_DATA: '0',
      AUTOFIN_TIME_ZONE: 'America/Chicago',
      AUTOFIN_PUBLIC_URL: 'https://portal.example.com/',
      MAIL_FROM: 'Keystone Auto Finance <no-reply@keystone.example>',
    });
    expect(config).toMatchObject({
      mailFrom: 'Keystone Auto Finance <no-reply@keystone.example>',
      port: 8080,
      databaseUrl: 'postgres://app@db.internal:5432/autofin',
      demoData: false,
      timeZone: 'America/Chicago',
      publicUrl: 'https://portal.example.com',
    });
  });

  it('names every bad variable and why, at once', () => {
    let message = '';
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        AUTOFIN_TIME_ZONE: 'Mars/Olympus',
        AUTOFIN_DEMO_DATA: 'maybe',
        MAIL_FROM: 'Autofin <no-reply@example.com>\r\nBcc: victim@example.com',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/DATABASE_URL: must be a postgres/);
    expect(message).toMatch(/AUTOFIN_TIME_ZONE: is not an IANA time zone/);
    expect(message).toMatch(/AUTOFIN_DEMO_DATA: /);
    // A line break would let the setting add mail headers.
    expect(message).toMatch(/MAIL_FROM: must be an address/);
  });

  it('cuts statements 20 days before the due date unless told 1 to 27', () => {
    expect(loadConfig({}).statements.daysBeforeDue).toBe(20);
    expect(loadConfig({ AUTOFIN_STATEMENT_DAYS_BEFORE_DUE: '14' }).statements.daysBeforeDue).toBe(14);
    for (const bad of ['0', '28', 'ten'])
      expect(() => loadConfig({ AUTOFIN_STATEMENT_DAYS_BEFORE_DUE: bad })).toThrow(
        /AUTOFIN_STATEMENT_DAYS_BEFORE_DUE: /,
      );
  });

  it('writes the print file of paper statements in the data folder unless told where', () => {
    expect(loadConfig({ AUTOFIN_DATA_DIR: '/var/lib/autofin' }).statements.printDir).toBe(
      '/var/lib/autofin/print',
    );
    expect(loadConfig({ AUTOFIN_PRINT_DIR: '/srv/mail-house' }).statements.printDir).toBe('/srv/mail-house');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });
});
