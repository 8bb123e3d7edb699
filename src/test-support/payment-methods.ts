import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { paymentMethods } from '../db/schema.ts';
import { secretBox } from '../platform/secret-box.ts';
import { TEST_SECRET_KEY } from './test-app.ts';

type NewPaymentMethod = typeof paymentMethods.$inferInsert;

/**
 * A checking account on file for a user (or an organization), as adding one through the API leaves it (the sandbox's
 * routing number, the account number sealed with the test key), straight into the table so a test
 * of something else need not go through the gateway. Answers its id.
 */
export async function addTestBankAccount(
  db: Db,
  owner: string | { organizationId: string },
  createdAt: Date,
  overrides: Partial<NewPaymentMethod> = {},
): Promise<string> {
  const [row] = await db
    .insert(paymentMethods)
    .values({
      ...(typeof owner === 'string' ? { userId: owner } : owner),
      kind: 'bank_account',
      nickname: 'Checking',
      holderName: 'Ana Diaz',
      last4: '6789',
      fingerprint: randomUUID(),
      accountType: 'checking',
      routingNumber: '021000021',
      accountNumberSealed: secretBox(TEST_SECRET_KEY).seal('123456789'),
      status: 'active',
      createdAt,
      ...overrides,
    })
    .returning({ id: paymentMethods.id });
  return row!.id;
}
