import type { Actor } from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import { auditEvents } from '../db/schema.ts';

/** Who did something: a signed-in user, a staff member, an integration's API key, or the system itself. */
export type AuditActor = { type: 'user' | 'staff' | 'api_key' | 'system'; id: string };

/** The signed-in person (customer or staff) behind an action, as the audit trail names them. */
export const auditActorOf = (actor: Actor): AuditActor => ({
  type: actor.kind === 'staff' ? 'staff' : 'user',
  id: actor.userId,
});

/** The request an action came from, for its audit event. */
export type RequestMeta = { requestId?: string | undefined; ip?: string | undefined };

export type AuditEvent = {
  actor: AuditActor;
  /** `area.verb`, such as `contract.board` or `api_key.create`. */
  action: string;
  resource: { type: string; id: string };
  requestId?: string | undefined;
  ip?: string | undefined;
  /** Never secrets: no passwords, tokens, full account or card numbers. */
  details?: Record<string, unknown>;
};

/** Writes audit events; call it inside the transaction of the action so both commit or neither does. */
export async function recordAudit(db: Db, ...events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(auditEvents).values(
    events.map((e) => ({
      actorType: e.actor.type,
      actorId: e.actor.id,
      action: e.action,
      resourceType: e.resource.type,
      resourceId: e.resource.id,
      requestId: e.requestId ?? null,
      ip: e.ip ?? null,
      details: e.details ?? {},
    })),
  );
}
