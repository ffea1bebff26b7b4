import { currentLanguage, i18n } from './i18n.ts';

// ---------------------------------------------------------------------------------------------
// DTOs, as sent by the server (see the API contract in the server's OpenAPI document).
// ---------------------------------------------------------------------------------------------

/** One field-level validation problem. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** The error body every endpoint returns. */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: ApiIssue[] };
}

/** A navigation entry the server allows the current user to see. */
export interface NavEntry {
  id: string;
  path: string;
  labelKey: string;
}

/** The signed-in user, their organisation and what they may do. */
export interface Me {
  user: { id: string; email: string; name: string; roles: string[]; locale: string };
  org: { id: string; name: string; slug: string };
  permissions: string[];
  csrfToken: string;
  nav: NavEntry[];
}

/** A back-office account. */
export interface UserDto {
  id: string;
  email: string;
  name: string;
  roles: string[];
  locale: string;
  status: 'active' | 'disabled';
  lastLoginAt: string | null;
  createdAt: string;
  abilities: { update: boolean; disable: boolean };
}

/** A role and the permissions it grants. */
export interface RoleDto {
  role: string;
  permissions: string[];
}

/** Who or what caused an audit event. */
export type ActorType = 'user' | 'api_token' | 'system' | 'subject' | 'anonymous';
/** Whether the audited action went through or was refused. */
export type Outcome = 'success' | 'denied';

/** One row of the hash-chained audit log. */
export interface AuditEventDto {
  id: string;
  /** The chain (shard) of the organisation the event is in, and its rank in that chain (ADR 0003). */
  shard: number;
  seq: number;
  type: string;
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  outcome: Outcome;
  payload: Record<string, unknown>;
  requestId: string | null;
  createdAt: string;
  hash: string;
}

/** A page of audit events; `nextBefore` is the cursor of the next (older) page. */
export interface AuditPage {
  items: AuditEventDto[];
  nextBefore: number | null;
}

/** Result of re-computing the audit hash chain. */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: null | { shard?: number; seq: number; id: string; reason: string };
}

/** An API token (never its secret). */
export interface TokenDto {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The response to token creation: the only time the secret is ever sent. */
export interface CreatedToken {
  token: string;
  item: TokenDto;
}

interface Items<T> {
  items: T[];
}

// ---------------------------------------------------------------------------------------------
// Fetch wrapper
// ---------------------------------------------------------------------------------------------

/** An error answered by the server (or a network failure, status 0), with a displayable message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];

  constructor(status: number, code: string, message: string, issues: ApiIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** True when `error` is an {@link ApiError} with the given HTTP status. */
export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the anti-CSRF token issued with the session (login or /api/auth/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Registers what to do when a request finds the session gone (redirect to the login page). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Login and the session probe handle 401 themselves instead of "session expired". */
  skipUnauthorizedHandler?: boolean;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/**
 * Calls the Confiance API with the session cookie, the CSRF header on writes and the current
 * language, and returns the parsed JSON body (undefined for 204). Throws {@link ApiError}.
 */
export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: 'application/json',
    // The server localises its error messages from this header.
    'accept-language': currentLanguage(),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const error = isErrorBody(data)
      ? new ApiError(response.status, data.error.code, data.error.message, data.error.issues ?? [])
      : new ApiError(response.status, 'unexpected', i18n.t('errors.unexpected', { status: response.status }));
    if (response.status === 401 && !options.skipUnauthorizedHandler) onUnauthorized?.();
    throw error;
  }
  if (data === undefined)
    throw new ApiError(response.status, 'unexpected', i18n.t('errors.unexpected', { status: response.status }));
  return data as T;
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/**
 * Checks the password. Opens the session (the server sets the HttpOnly cookie) and returns null,
 * or returns the challenge of the second step when the account has two-step sign-in.
 */
export async function login(email: string, password: string): Promise<string | null> {
  const result = await apiFetch<{ csrfToken: string } | { secondFactorRequired: true; challenge: string }>('/api/auth/login', {
    method: 'POST',
    body: { email, password },
    skipUnauthorizedHandler: true,
  });
  if ('challenge' in result) return result.challenge;
  setCsrfToken(result.csrfToken);
  return null;
}

/** Second sign-in step: a code from the authenticator app or a recovery code. */
export async function loginSecondFactor(challenge: string, code: string): Promise<void> {
  const result = await apiFetch<{ csrfToken: string }>('/api/auth/login/second-factor', {
    method: 'POST',
    body: { challenge, code },
    skipUnauthorizedHandler: true,
  });
  setCsrfToken(result.csrfToken);
}

/** Two-step sign-in state of the signed-in user. */
export interface MfaStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export const fetchMfaStatus = () => apiFetch<MfaStatus>('/api/auth/mfa');
export const startMfaSetup = () => apiFetch<{ secret: string; uri: string }>('/api/auth/mfa/setup', { method: 'POST' });
export const enableMfa = (code: string) => apiFetch<{ recoveryCodes: string[] }>('/api/auth/mfa/enable', { method: 'POST', body: { code } });
export const disableMfa = (code: string) => apiFetch<void>('/api/auth/mfa/disable', { method: 'POST', body: { code } });

/** Asks for a password reset link; the server answers the same whether or not the account exists. */
export async function requestPasswordReset(email: string): Promise<void> {
  await apiFetch<{ accepted: true }>('/api/auth/password-reset', { method: 'POST', body: { email }, skipUnauthorizedHandler: true });
}

/** Sets a new password with the token of a reset link. */
export async function resetPassword(token: string, password: string): Promise<void> {
  await apiFetch<void>('/api/auth/password-reset/confirm', { method: 'POST', body: { token, password }, skipUnauthorizedHandler: true });
}

/** Ends the session. */
export async function logout(): Promise<void> {
  try {
    await apiFetch<void>('/api/auth/logout', { method: 'POST', skipUnauthorizedHandler: true });
  } finally {
    setCsrfToken(null);
  }
}

/** The current session, or null when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await apiFetch<Me>('/api/auth/me', { skipUnauthorizedHandler: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiError(error, 401)) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** Saves the user's preferred language (used for e-mails and server pages too). */
export async function updateMyLocale(locale: string): Promise<Me> {
  const me = await apiFetch<Me>('/api/auth/me', { method: 'PATCH', body: { locale } });
  setCsrfToken(me.csrfToken);
  return me;
}

/** Lists the organisation's users. */
export async function findUsers(): Promise<UserDto[]> {
  return (await apiFetch<Items<UserDto>>('/api/users')).items;
}

/** Input of {@link createUser}. */
export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  roles: string[];
  locale: string;
}

/** Creates a back-office account. */
export function createUser(input: CreateUserInput): Promise<UserDto> {
  return apiFetch<UserDto>('/api/users', { method: 'POST', body: input });
}

/** Input of {@link updateUser}; absent fields are left unchanged. */
export interface UpdateUserInput {
  name?: string;
  roles?: string[];
  status?: 'active' | 'disabled';
  locale?: string;
}

/** Changes a user's name, roles, status or language. */
export function updateUser(id: string, input: UpdateUserInput): Promise<UserDto> {
  return apiFetch<UserDto>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
}

/** Lists roles and their permissions. */
export async function findRoles(): Promise<RoleDto[]> {
  return (await apiFetch<Items<RoleDto>>('/api/roles')).items;
}

/** Filters and cursor of {@link findAuditEvents}. */
export interface AuditQuery {
  type?: string;
  outcome?: Outcome;
  before?: number;
  limit?: number;
}

/** One page of audit events, newest first. */
export function findAuditEvents(query: AuditQuery): Promise<AuditPage> {
  const params = new URLSearchParams({ limit: String(query.limit ?? 50) });
  if (query.before !== undefined) params.set('before', String(query.before));
  if (query.type) params.set('type', query.type);
  if (query.outcome) params.set('outcome', query.outcome);
  return apiFetch<AuditPage>(`/api/audit-events?${params.toString()}`);
}

/** Re-computes the organisation's audit hash chain on the server. */
export function verifyAuditChain(): Promise<VerifyResult> {
  return apiFetch<VerifyResult>('/api/audit-events/verify', { method: 'POST' });
}

/** Lists API tokens. */
export async function findTokens(): Promise<TokenDto[]> {
  return (await apiFetch<Items<TokenDto>>('/api/tokens')).items;
}

/** Input of {@link createToken}. */
export interface CreateTokenInput {
  name: string;
  scopes: string[];
  /** null: the token never expires. */
  expiresInDays: number | null;
}

/** Creates an API token; the returned secret is never retrievable again. */
export function createToken(input: CreateTokenInput): Promise<CreatedToken> {
  return apiFetch<CreatedToken>('/api/tokens', { method: 'POST', body: input });
}

/** Revokes an API token at once. */
export function revokeToken(id: string): Promise<void> {
  return apiFetch<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
