import { z } from 'zod';
import type { AccountSummary } from '../../accounts/accounts.schemas.ts';
import {
  type AddPaymentMethodRequest,
  type ChangePaymentRequest,
  type PaymentRequest,
  paymentMethod,
  paymentMethodsResponse,
  paymentOrder,
  paymentOrdersResponse,
  paymentPreview,
  type UpdatePaymentMethodRequest,
} from '../../payments/payments.schemas.ts';
import { getJson, requestJson } from './client.ts';

// Payment methods and payments, as `src/payments/payment-methods.routes.ts` and `src/payments/payments.routes.ts` serve them.

/** Whether the person may pay this account online: a guarantor may see it but not pay it (policy `contract.pay`). */
export function canPayOnline(account: Pick<AccountSummary, 'role' | 'grant' | 'status'>): boolean {
  // A guarantor acts only when called on; a grantee pays only through a grant of view and pay.
  const mayPay =
    account.role === 'grantee' ? account.grant?.permission === 'view_and_pay' : account.role !== 'guarantor';
  return mayPay && account.status === 'active';
}

export const PAYMENT_METHODS_QUERY_KEY = ['payment-methods'] as const;
export const PAYMENTS_QUERY_KEY = ['payments'] as const;

export async function fetchPaymentMethods() {
  return (await getJson('/api/v1/payment-methods', paymentMethodsResponse)).paymentMethods;
}

export async function addPaymentMethod(request: AddPaymentMethodRequest) {
  return (await requestJson('POST', '/api/v1/payment-methods', request, paymentMethod)).data;
}

const methodPath = (id: string) => `/api/v1/payment-methods/${encodeURIComponent(id)}`;

export async function updatePaymentMethod(id: string, request: UpdatePaymentMethodRequest) {
  return (await requestJson('PATCH', methodPath(id), request, paymentMethod)).data;
}

export async function removePaymentMethod(id: string) {
  // The answer's body, if any, says nothing the page needs.
  await requestJson('DELETE', methodPath(id), undefined, z.unknown());
}

const paymentsPath = (contractNumber: string) =>
  `/api/v1/accounts/${encodeURIComponent(contractNumber)}/payments`;

export async function previewPayment(contractNumber: string, request: PaymentRequest) {
  return (await requestJson('POST', `${paymentsPath(contractNumber)}/preview`, request, paymentPreview)).data;
}

/**
 * Makes the payment. The key is made once per review and sent again on a retry, so a double press
 * or a retry after a lost answer gets the first payment back instead of paying twice.
 */
export async function makePayment(contractNumber: string, request: PaymentRequest, idempotencyKey: string) {
  const answer = await requestJson('POST', paymentsPath(contractNumber), request, paymentOrder, {
    'idempotency-key': idempotencyKey,
  });
  return answer.data;
}

export async function fetchPayments() {
  return (await getJson('/api/v1/payments', paymentOrdersResponse)).payments;
}

const paymentPath = (id: string) => `/api/v1/payments/${encodeURIComponent(id)}`;

export async function changePayment(id: string, request: ChangePaymentRequest) {
  return (await requestJson('PATCH', paymentPath(id), request, paymentOrder)).data;
}

export async function cancelPayment(id: string) {
  return (await requestJson('DELETE', paymentPath(id), undefined, paymentOrder)).data;
}

/** `GET /api/v1/payments/{id}/receipt.pdf`: the receipt as a PDF, for a download link. */
export const receiptPdfUrl = (id: string) => `/api/v1/payments/${encodeURIComponent(id)}/receipt.pdf`;
