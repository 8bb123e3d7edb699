import { type DocumentsQuery, documentsResponse } from '../../documents/document-center.schemas.ts';
import { getJson } from './client.ts';

// The document center's list, as `src/documents/document-center.routes.ts` serves it; each document's `href` is its PDF.

export const documentsQueryKey = (filter: DocumentsQuery) => ['documents', filter] as const;

export function fetchDocuments(filter: DocumentsQuery) {
  const query = new URLSearchParams();
  if (filter.kind) query.set('kind', filter.kind);
  if (filter.year) query.set('year', String(filter.year));
  if (filter.contractNumber) query.set('contractNumber', filter.contractNumber);
  const search = query.toString();
  return getJson(`/api/v1/documents${search ? `?${search}` : ''}`, documentsResponse);
}
