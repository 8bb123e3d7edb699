import { type AutopayRequest, autopayResponse } from '../../payments/autopay.schemas.ts';
import { getJson, requestJson } from './client.ts';

// AutoPay per contract, as `src/payments/autopay.routes.ts` serves it.

const autopayPath = (contractNumber: string) =>
  `/api/v1/accounts/${encodeURIComponent(contractNumber)}/autopay`;

export const autopayQueryKey = (contractNumber: string) => ['autopay', contractNumber] as const;

export function fetchAutopay(contractNumber: string) {
  return getJson(autopayPath(contractNumber), autopayResponse);
}

/** Enrols or changes it (with the authorization version accepted), or with `status` alone pauses or resumes it. */
export async function putAutopay(contractNumber: string, request: AutopayRequest) {
  return (await requestJson('PUT', autopayPath(contractNumber), request, autopayResponse)).data;
}

export async function cancelAutopay(contractNumber: string) {
  return (await requestJson('DELETE', autopayPath(contractNumber), undefined, autopayResponse)).data;
}
