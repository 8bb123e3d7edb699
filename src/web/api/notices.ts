import { z } from 'zod';
import { noticesResponse } from '../../schemas/notices.ts';
import { getJson, requestJson } from './client.ts';

// The dashboard's notices, as `src/http/notices.ts` serves them.

export const NOTICES_QUERY_KEY = ['notices'] as const;

export async function fetchNotices() {
  return (await getJson('/api/v1/notices', noticesResponse)).notices;
}

export async function dismissNotice(id: number): Promise<void> {
  await requestJson('DELETE', `/api/v1/notices/${id}`, undefined, z.unknown());
}
