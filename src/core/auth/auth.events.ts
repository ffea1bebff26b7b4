import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { PERMISSIONS, ROLES } from './permissions.ts';

const roles = z.array(z.enum(ROLES));

/** Audit events of accounts, sessions and API tokens: ids and field names, never e-mails or names. */
export const authEvents = {
  'user.created': z.object({ userId: z.uuid(), roles }).strict(),
  'user.updated': z.object({ userId: z.uuid(), fields: z.array(z.string()) }).strict(),
  'user.roles_changed': z.object({ userId: z.uuid(), from: roles, to: roles }).strict(),
  'user.disabled': z.object({ userId: z.uuid() }).strict(),
  'user.enabled': z.object({ userId: z.uuid() }).strict(),
  'user.logged_in': z.object({ userId: z.uuid() }).strict(),
  'user.logged_out': z.object({ userId: z.uuid() }).strict(),
  'user.login_failed': z.object({ userId: z.uuid(), reason: z.enum(['password', 'locked', 'disabled', 'second_factor']), failedLogins: z.number().int() }).strict(),
  /** An account created without a password: a single-use link went to its address (issue 10). */
  'user.invited': z.object({ userId: z.uuid(), expiresAt: z.iso.datetime() }).strict(),
  /** A new link replaced the previous one, which stopped working. */
  'user.invitation_resent': z.object({ userId: z.uuid(), expiresAt: z.iso.datetime() }).strict(),
  'user.invitation_accepted': z.object({ userId: z.uuid() }).strict(),
  'user.password_reset_requested': z.object({ userId: z.uuid() }).strict(),
  'user.password_reset': z.object({ userId: z.uuid(), sessionsEnded: z.literal(true) }).strict(),
  'user.mfa_enabled': z.object({ userId: z.uuid() }).strict(),
  'user.mfa_disabled': z.object({ userId: z.uuid(), by: z.enum(['self', 'admin']) }).strict(),
  'user.recovery_code_used': z.object({ userId: z.uuid(), left: z.number().int().min(0) }).strict(),
  'user.locked': z.object({ userId: z.uuid(), until: z.iso.datetime() }).strict(),
  'token.created': z.object({ tokenId: z.uuid(), scopes: z.array(z.enum(PERMISSIONS)), expiresAt: z.iso.datetime().nullable() }).strict(),
  'token.revoked': z.object({ tokenId: z.uuid() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof authEvents> {}
}
