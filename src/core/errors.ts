/**
 * Typed application errors. One Fastify plugin maps them to HTTP with a message in the user's
 * language (`errors.<code>` in the catalogues); no stack trace ever reaches a client.
 */

/** A field-level problem in the input, with a message key and its parameters. */
export interface Issue {
  path: string;
  code: string;
  params?: Record<string, string | number>;
}

export const ERROR_STATUS = {
  bad_request: 400,
  validation: 400,
  unauthenticated: 401,
  'portal.unidentified': 401,
  'auth.invalid_credentials': 401,
  'auth.token_invalid': 401,
  'auth.reset_invalid': 400,
  'auth.invitation_invalid': 400,
  'auth.challenge_invalid': 401,
  'auth.invalid_code': 400,
  'auth.mfa_not_started': 409,
  'auth.mfa_already_enabled': 409,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  'user.email_taken': 409,
  'user.last_admin': 409,
  'user.not_invited': 409,
  'user.invitation_accepted': 409,
  'user.inactive': 409,
  'privacy.invalid_choice': 400,
  'dsr.closed': 409,
  'dsr.already_extended': 409,
  'dsr.extension_too_late': 409,
  'dsr.not_restricted': 409,
  'complaint.invalid_step': 409,
  'complaint.idempotency_mismatch': 409,
  'complaint.invalid_assignee': 400,
  'complaint.invalid_owner': 400,
  'complaint.sort_too_large': 400,
  'complaint.attachment_type': 415,
  'complaint.attachment_too_large': 413,
  'complaint.attachment_limit': 409,
  'advisor.invalid_deputy': 400,
  'advisor.invalid_supervisor': 400,
  'advisor.unavailable': 409,
  'contact.no_rules': 400,
  'contact.campaign_blocked': 409,
  'contact.opposition_not_extract': 400,
  'contact.opposition_no_number': 400,
  'contact.opposition_too_large': 413,
  'contract.ended': 409,
  'contract.withdrawal_closed': 409,
  'message.already_decided': 409,
  'message.own_request': 409,
  'finding.closed': 409,
  'finding.closes_itself': 409,
  'action.closed': 409,
  'ethics_audit.closed': 409,
  'ethics_audit.invalid_transition': 409,
  'ethics_audit.unanswered': 409,
  'ethics_audit.finding_exists': 409,
  // The PDF needs a Chromium on the server; the HTML report works without it.
  'report.chromium_missing': 503,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with a stable code; `params` fill the localized message. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly issues: Issue[] = [],
  ) {
    super(code);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

/** `get*` functions throw this when the row is absent or belongs to another organisation. */
export const notFound = (resource: string): AppError => new AppError('not_found', { resource });
export const forbidden = (permission: string): AppError => new AppError('forbidden', { permission });
