import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { apiKeys } from '../db/schema.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';

/**
 * API keys for integrations (origination systems, servicing tools). A key reads
 * `afk_<prefix>_<secret>`: the prefix finds the row, the secret is 256 random bits kept only as a
 * SHA-256 hash (a slow password hash adds nothing for a secret this long) and compared in constant time.
 */
export const API_KEY_ROLES = ['boarding', 'servicing'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export type ApiKeyActor = { kind: 'api_key'; id: string; role: ApiKeyRole; label: string };

const KEY_FORMAT = /^afk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createApiKey(
  db: Db,
  input: { role: ApiKeyRole; label: string },
): Promise<{ id: string; key: string }> {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ prefix, secretHash: hashSecret(secret), role: input.role, label: input.label })
      .returning({ id: apiKeys.id });
    if (!row) throw new Error('insert returned no row');
    await recordAudit(tx, {
      actor: { type: 'system', id: 'cli' },
      action: 'api_key.create',
      resource: { type: 'api_key', id: row.id },
      details: { role: input.role, label: input.label, prefix },
    });
    return { id: row.id, key: `afk_${prefix}_${secret}` };
  });
}

const INVALID_KEY = new DomainError(
  'unauthenticated',
  'AUTH.INVALID_API_KEY',
  'The API key is missing, unknown or revoked.',
);

/** Finds the key a request presents and checks it may act in `role`; throws 401/403 otherwise. */
export async function authenticateApiKey(
  db: Db,
  clock: Clock,
  presented: string,
  role: ApiKeyRole,
): Promise<ApiKeyActor> {
  const match = KEY_FORMAT.exec(presented);
  if (!match) throw INVALID_KEY;
  const [, prefix = '', secret = ''] = match;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix));
  const expected = Buffer.from(row?.secretHash ?? hashSecret('no such key'), 'hex');
  const matches = timingSafeEqual(expected, Buffer.from(hashSecret(secret), 'hex'));
  if (!row || !matches || row.revokedAt) throw INVALID_KEY;
  if (row.role !== role) {
    throw new DomainError(
      'forbidden',
      'AUTH.WRONG_ROLE',
      `This API key has the role "${row.role}"; this call needs "${role}".`,
    );
  }
  await db.update(apiKeys).set({ lastUsedAt: clock.now() }).where(eq(apiKeys.id, row.id));
  return { kind: 'api_key', id: row.id, role: row.role, label: row.label };
}
