import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';

/**
 * The portal's secret key: AUTOFIN_SECRET_KEY (32 bytes, base64) when set. With the embedded database
 * and no key set, one is made on first start and kept beside the data (`<data dir>/secret.key`, mode
 * 0600), so a laptop or demo needs no setup. With PostgreSQL the key must be set: every app process
 * must share it, and it must not live on one machine's disk.
 */
export function loadSecretKey(config: Config): Buffer {
  if (config.secretKey) return Buffer.from(config.secretKey, 'base64');
  if (config.databaseUrl) {
    throw new Error(
      'AUTOFIN_SECRET_KEY is required with DATABASE_URL: 32 random bytes, base64 (openssl rand -base64 32).',
    );
  }
  const file = path.join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
