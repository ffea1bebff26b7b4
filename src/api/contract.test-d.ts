/**
 * Type-level tests of the API contract, checked by `npm run typecheck` (nothing runs): the `Json`
 * mapping, and that a back-office value which no longer matches a server schema does not compile.
 */
import type { z } from 'zod';
import type { BreachDto, CreateUserBody, Json, LoginAnswer, UserDto } from './contract.ts';
import type { UserDtoSchema } from '../core/auth/index.ts';

/** True when A and B are the same type (not merely assignable one way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(): T | undefined => undefined;

// Json: what JSON.stringify then JSON.parse give back (an `unknown` value may be undefined, so its key is optional).
expectType<Equal<Json<{ at: Date; when: Date | null }>, { at: string; when: string | null }>>();
expectType<Equal<Json<{ a?: number; b: string | undefined; c: undefined; f: () => void }>, { a?: number; b?: string }>>();
expectType<Equal<Json<(Date | undefined)[]>, (string | null)[]>>();
expectType<
  Equal<
    Json<{ nested: { at: Date }[]; any: unknown; map: Record<string, Date> }>,
    { nested: { at: string }[]; any?: unknown; map: Record<string, string> }
  >
>();
expectType<Equal<Json<'a' | 'b'>, 'a' | 'b'>>();

// An answer type is the schema's output as JSON: with plain-string dates it is the same type.
expectType<Equal<UserDto, z.output<typeof UserDtoSchema>>>();
expectType<Equal<LoginAnswer, { csrfToken: string } | { secondFactorRequired: true; challenge: string }>>();

const user: UserDto = {
  id: '00000000-0000-4000-8000-000000000000',
  email: 'a@example.org',
  name: 'A',
  roles: ['admin'],
  locale: 'fr',
  status: 'active',
  lastLoginAt: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  invitation: { state: 'pending', sentAt: '2025-01-01T00:00:00.000Z', expiresAt: '2025-01-08T00:00:00.000Z' },
  abilities: { update: true, disable: false, resendInvitation: true },
};

// A drifted copy does not compile: a status the server never sends...
// @ts-expect-error 'suspended' is not a user status
const suspended: UserDto = { ...user, status: 'suspended' };
// ...a field the server no longer sends...
// @ts-expect-error `abilities` is required
const withoutAbilities: UserDto = {
  id: user.id,
  email: user.email,
  name: user.name,
  roles: user.roles,
  locale: user.locale,
  status: user.status,
  lastLoginAt: null,
  createdAt: user.createdAt,
};
// ...a role that does not exist...
// @ts-expect-error 'superuser' is not a role
const superuser: UserDto['roles'] = ['superuser'];
// ...a request body missing what the server requires (the roles)...
// @ts-expect-error `roles` is required
const noRoles: CreateUserBody = { email: 'a@example.org', name: 'A' };
// ...or a date where the wire has a string.
// @ts-expect-error `createdAt` is an ISO string on the wire, not a Date
const dated: BreachDto['createdAt'] = new Date();

// The optional `locale` (the schema has a default) and `password` (left out, the user is invited) may be left out.
const minimal: CreateUserBody = { email: 'a@example.org', name: 'A', roles: ['admin'] };

export const samples = [user, suspended, withoutAbilities, superuser, noRoles, dated, minimal];
