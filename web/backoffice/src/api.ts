import type {
  AcceptInvitationBody,
  ApiErrorBody,
  ApiIssue,
  AuditEventDto,
  AuditPageDto,
  AuditQuery,
  CreatedTokenDto,
  CreateTokenBody,
  CreateUserBody,
  Items,
  LoginAnswer,
  LoginBody,
  LoginSecondFactorBody,
  MeDto,
  MfaCodeBody,
  MfaSetupDto,
  MfaStatusDto,
  PasswordResetAcceptedDto,
  PasswordResetBody,
  PasswordResetRequestBody,
  RecoveryCodesDto,
  RoleDto,
  SessionDto,
  TokenDto,
  UpdateMeBody,
  UpdateUserBody,
  UserDto,
  VerifyDto,
} from '../../../src/api/contract.ts';
import { currentLanguage, i18n } from './i18n.ts';

// ---------------------------------------------------------------------------------------------
// DTOs: the server's own types (src/api/contract.ts), never copies.
// ---------------------------------------------------------------------------------------------

export type { ApiIssue, AuditEventDto, CreatedTokenDto, MeDto, TokenDto, UserDto } from '../../../src/api/contract.ts';

/** Whether the audited action went through or was refused. */
export type Outcome = AuditEventDto['outcome'];

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

/** Options of {@link apiFetch}; `B` is the request body type the server's schema accepts. */
export interface RequestOptions<B = never> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: B;
  /** A multipart body (files and their fields) instead of JSON; the browser sets its boundary. */
  form?: FormData;
  /** Login and the session probe handle 401 themselves instead of "session expired". */
  skipUnauthorizedHandler?: boolean;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** The error a failed answer stands for: the server's own (code, message, issues), or "unexpected". */
export function apiErrorOf(status: number, data: unknown): ApiError {
  return isErrorBody(data)
    ? new ApiError(status, data.error.code, data.error.message, data.error.issues ?? [])
    : new ApiError(status, 'unexpected', i18n.t('errors.unexpected', { status }));
}

/**
 * Calls the Confiance API with the session cookie, the CSRF header on writes and the current
 * language, and returns the parsed JSON body (undefined for 204). Throws {@link ApiError}.
 * `T` is the answer and `B` the body, both from src/api/contract.ts: a call that sends a body
 * names its type (`apiFetch<UserDto, CreateUserBody>`), so the server's schema checks it.
 */
export async function apiFetch<T, B = never>(path: string, options: RequestOptions<B> = {}): Promise<T> {
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
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
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
    const error = apiErrorOf(response.status, data);
    if (response.status === 401 && !options.skipUnauthorizedHandler) onUnauthorized?.();
    throw error;
  }
  if (data === undefined)
    throw new ApiError(response.status, 'unexpected', i18n.t('errors.unexpected', { status: response.status }));
  return data as T;
}

/** The form of a CSV import: `dry_run` checks the file, `commit` imports it and names the hash its check reported. */
export function csvImportForm(file: File, mode: 'dry_run' | 'commit', expectedHash?: string): FormData {
  const form = new FormData();
  form.append('mode', mode);
  if (expectedHash) form.append('expectedHash', expectedHash);
  form.append('file', file, file.name);
  return form;
}

/** Posts files and their fields as multipart/form-data: uploads, CSV imports, evidence. */
export function postForm<T>(path: string, form: FormData): Promise<T> {
  return apiFetch<T>(path, { method: 'POST', form });
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/**
 * Checks the password. Opens the session (the server sets the HttpOnly cookie) and returns null,
 * or returns the challenge of the second step when the account has two-step sign-in.
 */
export async function login(email: string, password: string): Promise<string | null> {
  const result = await apiFetch<LoginAnswer, LoginBody>('/api/auth/login', {
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
  const result = await apiFetch<SessionDto, LoginSecondFactorBody>('/api/auth/login/second-factor', {
    method: 'POST',
    body: { challenge, code },
    skipUnauthorizedHandler: true,
  });
  setCsrfToken(result.csrfToken);
}

export const fetchMfaStatus = () => apiFetch<MfaStatusDto>('/api/auth/mfa');
export const startMfaSetup = () => apiFetch<MfaSetupDto>('/api/auth/mfa/setup', { method: 'POST' });
export const enableMfa = (code: string) => apiFetch<RecoveryCodesDto, MfaCodeBody>('/api/auth/mfa/enable', { method: 'POST', body: { code } });
export const disableMfa = (code: string) => apiFetch<void, MfaCodeBody>('/api/auth/mfa/disable', { method: 'POST', body: { code } });

/** Asks for a password reset link; the server answers the same whether or not the account exists. */
export async function requestPasswordReset(email: string): Promise<void> {
  await apiFetch<PasswordResetAcceptedDto, PasswordResetRequestBody>('/api/auth/password-reset', { method: 'POST', body: { email }, skipUnauthorizedHandler: true });
}

/** Sets a new password with the token of a reset link. */
export async function resetPassword(token: string, password: string): Promise<void> {
  await apiFetch<void, PasswordResetBody>('/api/auth/password-reset/confirm', { method: 'POST', body: { token, password }, skipUnauthorizedHandler: true });
}

/** Sets the first password of an invited account with the token of its e-mailed link. */
export async function acceptInvitation(token: string, password: string): Promise<void> {
  await apiFetch<void, AcceptInvitationBody>('/api/auth/invitation/accept', { method: 'POST', body: { token, password }, skipUnauthorizedHandler: true });
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
export async function fetchMe(): Promise<MeDto | null> {
  try {
    const me = await apiFetch<MeDto>('/api/auth/me', { skipUnauthorizedHandler: true });
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
export async function updateMyLocale(locale: UpdateMeBody['locale']): Promise<MeDto> {
  const me = await apiFetch<MeDto, UpdateMeBody>('/api/auth/me', { method: 'PATCH', body: { locale } });
  setCsrfToken(me.csrfToken);
  return me;
}

/** Lists the organisation's users. */
export async function findUsers(): Promise<UserDto[]> {
  return (await apiFetch<Items<UserDto>>('/api/users')).items;
}

/** Creates a back-office account. */
export function createUser(input: CreateUserBody): Promise<UserDto> {
  return apiFetch<UserDto, CreateUserBody>('/api/users', { method: 'POST', body: input });
}

/** Changes a user's name, roles, status or language; absent fields are left unchanged. */
export function updateUser(id: string, input: UpdateUserBody): Promise<UserDto> {
  return apiFetch<UserDto, UpdateUserBody>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
}

/** Sends a user's invitation again with a new link (the previous one stops working). */
export function resendInvitation(id: string): Promise<UserDto> {
  return apiFetch<UserDto>(`/api/users/${encodeURIComponent(id)}/invitation`, { method: 'POST' });
}

/** Lists roles and their permissions. */
export async function findRoles(): Promise<RoleDto[]> {
  return (await apiFetch<Items<RoleDto>>('/api/roles')).items;
}

/** One page of audit events, newest first. */
export function findAuditEvents(query: AuditQuery): Promise<AuditPageDto> {
  const params = new URLSearchParams({ limit: String(query.limit ?? 50) });
  if (query.before !== undefined) params.set('before', String(query.before));
  if (query.type) params.set('type', query.type);
  if (query.outcome) params.set('outcome', query.outcome);
  return apiFetch<AuditPageDto>(`/api/audit-events?${params.toString()}`);
}

/** Re-computes the organisation's audit hash chain on the server. */
export function verifyAuditChain(): Promise<VerifyDto> {
  return apiFetch<VerifyDto>('/api/audit-events/verify', { method: 'POST' });
}

/** Lists API tokens. */
export async function findTokens(): Promise<TokenDto[]> {
  return (await apiFetch<Items<TokenDto>>('/api/tokens')).items;
}

/** Creates an API token; the returned secret is never retrievable again. */
export function createToken(input: CreateTokenBody): Promise<CreatedTokenDto> {
  return apiFetch<CreatedTokenDto, CreateTokenBody>('/api/tokens', { method: 'POST', body: input });
}

/** Revokes an API token at once. */
export function revokeToken(id: string): Promise<void> {
  return apiFetch<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
