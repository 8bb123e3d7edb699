import type { z } from 'zod';
import type { Actor } from '../core/policy.ts';
import {
  addBankAccount,
  listPaymentMethods,
  type PaymentMethodsDeps,
  removePaymentMethod,
} from '../payments/index.ts';
import { auditActorOf, type RequestMeta } from '../platform/audit.ts';
import type { organizationBankAccountRequest } from './bulk-payments.schemas.ts';
import { requireOrganization } from './organizations.ts';

/**
 * The business's own bank accounts, which its bulk payments debit: an admin adds (verified by the
 * gateway like anyone's) and removes them; an admin or manager pays from them. They belong to the
 * organization, never to the member who added it, so they stay when that member leaves.
 */
export function organizationBankAccounts(deps: PaymentMethodsDeps, actor: Actor, organizationId: string) {
  requireOrganization(actor, organizationId, 'organization.pay');
  return listPaymentMethods(deps.db, { organizationId });
}

export function addOrganizationBankAccount(
  deps: PaymentMethodsDeps,
  actor: Actor,
  organizationId: string,
  request: z.infer<typeof organizationBankAccountRequest>,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_settings');
  return addBankAccount(deps, { organizationId }, request, meta, auditActorOf(actor));
}

export function removeOrganizationBankAccount(
  deps: PaymentMethodsDeps,
  actor: Actor,
  organizationId: string,
  paymentMethodId: string,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_settings');
  return removePaymentMethod(deps, { organizationId }, paymentMethodId, meta, auditActorOf(actor));
}
