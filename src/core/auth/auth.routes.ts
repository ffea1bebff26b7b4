import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { AppError, notFound } from '../errors.ts';
import type { Deps } from '../deps.ts';
import { findOrganisationById } from '../organisations/index.ts';
import * as service from './auth.service.ts';
import { grantedPermissions } from './auth.policy.ts';
import * as schemas from './auth.schemas.ts';
import { presentToken, presentUser } from './auth.presenter.ts';
import { ROLE_PERMISSIONS, ROLES } from './permissions.ts';

export const SESSION_COOKIE = 'cf_session';

/** Sets the HttpOnly session cookie and answers with the CSRF token bound to the session. */
function setSession(reply: FastifyReply, result: service.LoginResult, secure: boolean): { csrfToken: string } {
  reply.setCookie(SESSION_COOKIE, result.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: result.expiresAt });
  return { csrfToken: result.csrfToken };
}

export function authRoutes(deps: Deps): AnyRoute[] {
  const me = async (ctx: Parameters<typeof service.getCurrentUser>[1], csrfToken: string) => {
    const user = await service.getCurrentUser(deps, ctx);
    const org = await findOrganisationById(deps.db, user.orgId);
    if (!org) throw notFound('organisation');
    const permissions = grantedPermissions(ctx.actor);
    return {
      user: { id: user.id, email: user.email, name: user.name, roles: presentUser(user, ctx.actor, deps.clock.now()).roles, locale: user.locale === 'en' ? ('en' as const) : ('fr' as const) },
      org: { id: org.id, name: org.name, slug: org.slug, timezone: org.timezone },
      permissions,
      csrfToken,
      nav: deps.nav.filter((n) => permissions.includes(n.permission)).map(({ id, path, labelKey }) => ({ id, path, labelKey })),
    };
  };

  return [
    defineRoute({
      method: 'POST',
      url: '/api/auth/login',
      access: 'public',
      publicReason: 'signing in is how a user becomes authenticated',
      rateLimitPerMinute: 10,
      summary: 'Sign in with e-mail and password; sets the session cookie',
      tags: ['auth'],
      schema: { body: schemas.LoginSchema, response: { 200: schemas.LoginAnswerSchema } },
      async handler({ ctx, body }, reply) {
        const result = await service.login(deps, ctx, body);
        if ('secondFactorRequired' in result) return result;
        return setSession(reply, result, deps.config.secureCookies);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/login/second-factor',
      access: 'public',
      publicReason: 'second step of signing in: the password was checked, the challenge ticket identifies the attempt',
      rateLimitPerMinute: 10,
      summary: 'Finish signing in with a code from the authenticator app or a recovery code; sets the session cookie',
      tags: ['auth'],
      schema: { body: schemas.LoginSecondFactorSchema, response: { 200: schemas.SessionDtoSchema } },
      async handler({ ctx, body }, reply) {
        return setSession(reply, await service.completeSecondFactor(deps, ctx, body), deps.config.secureCookies);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/auth/mfa',
      access: 'authenticated',
      summary: 'Whether two-step sign-in is on for the signed-in user',
      tags: ['auth'],
      schema: { response: { 200: schemas.MfaStatusSchema } },
      handler: ({ ctx }) => service.getMfaStatus(deps, ctx),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/mfa/setup',
      access: 'authenticated',
      summary: 'Start enrolling an authenticator app: a new secret and its otpauth URI',
      tags: ['auth'],
      schema: { response: { 200: schemas.MfaSetupDtoSchema } },
      handler: ({ ctx }) => service.startMfaSetup(deps, ctx),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/mfa/enable',
      access: 'authenticated',
      summary: 'Turn two-step sign-in on with a first code; returns the recovery codes once',
      tags: ['auth'],
      schema: { body: schemas.MfaCodeSchema, response: { 200: schemas.RecoveryCodesDtoSchema } },
      handler: ({ ctx, body }) => service.enableMfa(deps, ctx, body.code),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/mfa/disable',
      access: 'authenticated',
      summary: 'Turn two-step sign-in off, proven by a current or recovery code',
      tags: ['auth'],
      schema: { body: schemas.MfaCodeSchema, response: { 204: z.null() } },
      async handler({ ctx, body }, reply) {
        await service.disableOwnMfa(deps, ctx, body.code);
        return reply.status(204).send(null);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/password-reset',
      access: 'public',
      publicReason: 'someone who forgot their password cannot sign in to ask for a new one',
      rateLimitPerMinute: 5,
      summary: 'Send a single-use password reset link to the address, if it belongs to an active account',
      tags: ['auth'],
      schema: { body: schemas.RequestPasswordResetSchema, response: { 202: schemas.PasswordResetAcceptedDtoSchema } },
      async handler({ ctx, body }, reply) {
        await service.requestPasswordReset(deps, ctx, body);
        return reply.status(202).send({ accepted: true });
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      access: 'public',
      publicReason: 'the e-mailed single-use token is the credential',
      rateLimitPerMinute: 10,
      summary: 'Set a new password with a reset token; ends every session of the account',
      tags: ['auth'],
      schema: { body: schemas.ResetPasswordSchema, response: { 204: z.null() } },
      async handler({ ctx, body }, reply) {
        await service.resetPassword(deps, ctx, body);
        return reply.status(204).send(null);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/invitation/accept',
      access: 'public',
      publicReason: 'an invitee has no password yet: the e-mailed single-use token is the credential',
      rateLimitPerMinute: 10,
      summary: 'Choose the first password of an invited account with the e-mailed token; then sign in with it',
      tags: ['auth'],
      schema: { body: schemas.AcceptInvitationSchema, response: { 204: z.null() } },
      async handler({ ctx, body }, reply) {
        await service.acceptInvitation(deps, ctx, body);
        return reply.status(204).send(null);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/logout',
      access: 'authenticated',
      summary: 'Sign out: ends the session',
      tags: ['auth'],
      schema: { response: { 204: z.null() } },
      async handler({ ctx }, reply) {
        await service.logout(deps, ctx);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/auth/me',
      access: 'authenticated',
      summary: 'The signed-in user, organisation, permissions, navigation and CSRF token',
      tags: ['auth'],
      schema: { response: { 200: schemas.MeDtoSchema } },
      handler: ({ ctx, request }) => me(ctx, request.csrfToken ?? ''),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/auth/me',
      access: 'authenticated',
      summary: 'Change the signed-in user’s language',
      tags: ['auth'],
      schema: { body: schemas.UpdateMeSchema, response: { 200: schemas.MeDtoSchema } },
      async handler({ ctx, body, request }) {
        await service.updateOwnLocale(deps, ctx, body.locale);
        return me(ctx, request.csrfToken ?? '');
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/users',
      access: 'user:read',
      summary: 'Users of the organisation',
      tags: ['users'],
      schema: { response: { 200: z.object({ items: z.array(schemas.UserDtoSchema) }) } },
      async handler({ ctx }) {
        const users = await service.findUsers(deps, ctx);
        const now = deps.clock.now();
        return { items: users.map((u) => presentUser(u, ctx.actor, now)) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users',
      access: 'user:manage',
      summary: 'Create a user with roles: invited by e-mail to choose a password, or (API and CLI provisioning) given one',
      tags: ['users'],
      schema: { body: schemas.CreateUserSchema, response: { 201: schemas.UserDtoSchema } },
      async handler({ ctx, body }, reply) {
        const user = await service.createUser(deps, ctx, body);
        return reply.status(201).send(presentUser(user, ctx.actor, deps.clock.now()));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users/:id/invitation',
      access: 'user:manage',
      summary: 'Send the invitation e-mail again with a new link; the previous link stops working',
      tags: ['users'],
      schema: { params: schemas.IdParamsSchema, response: { 200: schemas.UserDtoSchema } },
      async handler({ ctx, params }) {
        return presentUser(await service.resendInvitation(deps, ctx, params.id), ctx.actor, deps.clock.now());
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/users/:id',
      access: 'user:manage',
      summary: 'Change a user’s name, roles, language or status',
      tags: ['users'],
      schema: { params: schemas.IdParamsSchema, body: schemas.UpdateUserSchema, response: { 200: schemas.UserDtoSchema } },
      async handler({ ctx, params, body }) {
        if (Object.keys(body).length === 0) throw new AppError('validation');
        return presentUser(await service.updateUser(deps, ctx, params.id, body), ctx.actor, deps.clock.now());
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/users/:id/mfa',
      access: 'user:manage',
      summary: 'Remove a user’s second factor (lost device); ends their sessions',
      tags: ['users'],
      schema: { params: schemas.IdParamsSchema, response: { 204: z.null() } },
      async handler({ ctx, params }, reply) {
        await service.resetUserMfa(deps, ctx, params.id);
        return reply.status(204).send(null);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/roles',
      access: 'user:read',
      summary: 'Roles and the permissions each grants',
      tags: ['users'],
      schema: { response: { 200: z.object({ items: z.array(schemas.RoleDtoSchema) }) } },
      handler: async () => ({ items: ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] })) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/tokens',
      access: 'token:manage',
      summary: 'API tokens of the organisation (never their secrets)',
      tags: ['tokens'],
      schema: { response: { 200: z.object({ items: z.array(schemas.TokenDtoSchema) }) } },
      handler: async ({ ctx }) => ({ items: (await service.findTokens(deps, ctx)).map(presentToken) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/tokens',
      access: 'token:manage',
      summary: 'Create a scoped API token; the secret is returned once',
      tags: ['tokens'],
      schema: { body: schemas.CreateTokenSchema, response: { 201: schemas.CreatedTokenDtoSchema } },
      async handler({ ctx, body }, reply) {
        const { secret, token } = await service.createToken(deps, ctx, body);
        return reply.status(201).send({ token: secret, item: presentToken(token) });
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/tokens/:id',
      access: 'token:manage',
      summary: 'Revoke an API token',
      tags: ['tokens'],
      schema: { params: schemas.IdParamsSchema, response: { 204: z.null() } },
      async handler({ ctx, params }, reply) {
        await service.revokeToken(deps, ctx, params.id);
        return reply.status(204).send(null);
      },
    }),
  ];
}
