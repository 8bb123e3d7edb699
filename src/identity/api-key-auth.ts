import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { type ApiKeyActor, type ApiKeyRole, authenticateApiKey } from './api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: ApiKeyActor;
  }
}

/** An onRequest hook (so it runs before the body is even parsed) that admits a request only with `Authorization: Bearer <API key>` of the given role. */
export function requireApiKey(db: Db, clock: Clock, role: ApiKeyRole) {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    request.apiKey = await authenticateApiKey(db, clock, presented, role);
  };
}
