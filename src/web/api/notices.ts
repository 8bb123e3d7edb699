import { z } from 'zod';
import { noticesResponse } from '../../notifications/notices.schemas.ts';
import { getJson, requestJson } from './client.ts';

// The dashboard's notices, as `src/notifications/notices.routes.ts` serves them.

export const NOTICES_QUERY_KEY = ['notices'] as const;

export async function fetchNotices() {
  return (await getJson('/api/v1/notices', noticesResponse)).notices;
}

export async function dismissNotice(id: number): Promise<void> {
  await requestJson('DELETE', `/api/v1/notices/${id}`, undefined, z.unknown());
}
