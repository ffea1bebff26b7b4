import type { z } from 'zod';

/**
 * The typed catalogue of audit events: `resource.pastTense` -> payload. Each module adds its
 * own events by declaration merging from its folder:
 *
 *   declare module '../audit-log/audit-log.types.ts' {
 *     interface AuditEventCatalog extends EventsOf<typeof complaintAuditEvents> {}
 *   }
 *
 * and lists the matching Zod schemas in its manifest, which the audit service checks at runtime.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditEventCatalog {}

export type AuditEventType = keyof AuditEventCatalog & string;

/** Runtime schemas of a module's events (strict objects: unknown keys are refused). */
export type AuditEventSchemas = Record<string, z.ZodObject>;

/** Payload types inferred from a module's schemas, for the declaration merge above. */
export type EventsOf<S extends AuditEventSchemas> = { [K in keyof S]: z.infer<S[K]> };

export type AuditActorType = 'user' | 'api_token' | 'system' | 'subject' | 'anonymous';
export type AuditOutcome = 'success' | 'denied';

/** What a service asks to record; actor, time, request and chain fields are added by the log. */
export type AuditEventInput = {
  [T in AuditEventType]: {
    type: T;
    target?: { type: string; id: string } | undefined;
    payload: AuditEventCatalog[T];
    outcome?: AuditOutcome;
  };
}[AuditEventType];

/** A stored event, as read back. */
export interface AuditEventRecord {
  id: string;
  orgId: string;
  /** The organisation's chain the event is in; not hashed (moving a row breaks both chains anyway). */
  shard: number;
  seq: number;
  type: string;
  actorType: AuditActorType;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  payload: unknown;
  requestId: string | null;
  createdAt: Date;
  prevHash: string;
  /** How `hash` links the row (audit-log.chain.ts): 1 plain SHA-256 (legacy rows), 2 keyed HMAC. */
  chainVersion: number;
  hash: string;
}
