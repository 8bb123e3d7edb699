import { type PaperlessConsentRequest, paperlessResponse } from '../../documents/esign.schemas.ts';
import { getJson, requestJson } from './client.ts';

// Paperless (the E-SIGN consent), as `src/documents/esign.routes.ts` serves it.

export const PAPERLESS_QUERY_KEY = ['paperless'] as const;

export function fetchPaperless() {
  return getJson('/api/v1/paperless', paperlessResponse);
}

export async function consentToPaperless(request: PaperlessConsentRequest) {
  return (await requestJson('POST', '/api/v1/paperless/consent', request, paperlessResponse)).data;
}

export async function withdrawPaperless() {
  return (await requestJson('DELETE', '/api/v1/paperless/consent', undefined, paperlessResponse)).data;
}
