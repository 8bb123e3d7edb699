import type { z } from 'zod';
import {
  type BulkPaymentPreviewRequest,
  type BulkPaymentRequest,
  bulkPaymentDetail,
  bulkPaymentPreview,
  bulkPaymentsResponse,
  organizationBankAccount,
  type organizationBankAccountRequest,
  organizationMethodsResponse,
} from '../../organizations/bulk-payments.schemas.ts';
import { getJson, postJson, requestJson } from './client.ts';
import { organizationQueryKey } from './organizations.ts';

// A business's bank accounts and bulk payments, as `src/organizations/bulk-payments.routes.ts` serves them.

const organizationPath = (organizationId: string) =>
  `/api/v1/organizations/${encodeURIComponent(organizationId)}`;

export const organizationMethodsQueryKey = (organizationId: string) =>
  [...organizationQueryKey(organizationId), 'payment-methods'] as const;

export const bulkPaymentsQueryKey = (organizationId: string) =>
  [...organizationQueryKey(organizationId), 'bulk-payments'] as const;

export const bulkPaymentQueryKey = (organizationId: string, bulkPaymentId: string) =>
  [...bulkPaymentsQueryKey(organizationId), bulkPaymentId] as const;

/** The business's bank accounts (admins and managers). */
export async function fetchOrganizationMethods(organizationId: string) {
  return (await getJson(`${organizationPath(organizationId)}/payment-methods`, organizationMethodsResponse))
    .paymentMethods;
}

/** Adds a bank account of the business (admins); the gateway verifies it first. */
export function addOrganizationMethod(
  organizationId: string,
  request: z.infer<typeof organizationBankAccountRequest>,
) {
  return postJson(`${organizationPath(organizationId)}/payment-methods`, request, organizationBankAccount);
}

/** The review: writes nothing; 422 BULK_PAYMENTS.LINES_INVALID names each line's problem (`lines.N.field`). */
export function previewBulkPayment(organizationId: string, request: BulkPaymentPreviewRequest) {
  return postJson(`${organizationPath(organizationId)}/bulk-payments/preview`, request, bulkPaymentPreview);
}

/**
 * Pays the reviewed lines. The key is made once per review and sent again on a retry, so a double
 * press or a retry after a lost answer gets the first payment back instead of paying twice.
 */
export async function makeBulkPayment(
  organizationId: string,
  request: BulkPaymentRequest,
  idempotencyKey: string,
) {
  const answer = await requestJson(
    'POST',
    `${organizationPath(organizationId)}/bulk-payments`,
    request,
    bulkPaymentDetail,
    { 'idempotency-key': idempotencyKey },
  );
  return answer.data;
}

export async function fetchBulkPayments(organizationId: string) {
  return (await getJson(`${organizationPath(organizationId)}/bulk-payments`, bulkPaymentsResponse))
    .bulkPayments;
}

const bulkPaymentPath = (organizationId: string, bulkPaymentId: string) =>
  `${organizationPath(organizationId)}/bulk-payments/${encodeURIComponent(bulkPaymentId)}`;

export function fetchBulkPayment(organizationId: string, bulkPaymentId: string) {
  return getJson(bulkPaymentPath(organizationId, bulkPaymentId), bulkPaymentDetail);
}

/** The receipt as a file, for a download link. */
export const bulkReceiptUrl = (organizationId: string, bulkPaymentId: string, format: 'pdf' | 'csv') =>
  `${bulkPaymentPath(organizationId, bulkPaymentId)}/receipt.${format}`;
