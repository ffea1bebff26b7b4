import { z } from 'zod';
import { PERMISSIONS, ROLES } from './permissions.ts';

export const LocaleSchema = z.enum(['fr', 'en']);
export const RoleSchema = z.enum(ROLES);
export const PermissionSchema = z.enum(PERMISSIONS);
const email = z.email().max(254);
/** NIST SP 800-63B: length over composition rules; 12 characters minimum, long passphrases welcome. */
const password = z.string().min(12).max(256);

export const LoginSchema = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(256) }).strict();
export type LoginInput = z.infer<typeof LoginSchema>;

/** A TOTP code (6 digits, spaces allowed) or a recovery code (xxxxx-xxxxx). */
const secondFactorCode = z.string().trim().min(6).max(16);

export const LoginSecondFactorSchema = z.object({ challenge: z.string().min(20).max(128), code: secondFactorCode }).strict();
export type LoginSecondFactorInput = z.infer<typeof LoginSecondFactorSchema>;

export const MfaCodeSchema = z.object({ code: secondFactorCode }).strict();

export const LoginAnswerSchema = z.union([
  z.object({ csrfToken: z.string() }).strict(),
  z.object({ secondFactorRequired: z.literal(true), challenge: z.string() }).strict(),
]);

export const MfaStatusSchema = z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number().int() });

export const RequestPasswordResetSchema = z.object({ email: z.string().trim().min(1).max(254) }).strict();
export type RequestPasswordResetInput = z.infer<typeof RequestPasswordResetSchema>;

export const ResetPasswordSchema = z.object({ token: z.string().min(20).max(128), password }).strict();
export type ResetPasswordInput = z.infer<typeof ResetPasswordSchema>;

/** Sets the first password from an e-mailed invitation link. */
export const AcceptInvitationSchema = z.object({ token: z.string().min(20).max(128), password }).strict();
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationSchema>;

/**
 * Without `password` (the back office's way) the account is invited: a single-use link goes to the
 * address and the person chooses their own password. With it, the account is usable at once and
 * no mail is sent: kept for API and CLI provisioning (scripts, directory sync) that hand
 * credentials over by their own means.
 */
export const CreateUserSchema = z
  .object({
    email,
    name: z.string().trim().min(1).max(120),
    password: password.optional().describe('Optional: for API and CLI provisioning only. Left out, the user is invited by e-mail and chooses their own password.'),
    roles: z.array(RoleSchema).min(1).max(ROLES.length),
    locale: LocaleSchema.default('fr'),
  })
  .strict();
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    roles: z.array(RoleSchema).min(1).max(ROLES.length).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    locale: LocaleSchema.optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

export const UpdateMeSchema = z.object({ locale: LocaleSchema }).strict();

export const CreateTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    scopes: z.array(PermissionSchema).min(1),
    expiresInDays: z.number().int().min(1).max(366).nullable().default(90),
  })
  .strict();
export type CreateTokenInput = z.infer<typeof CreateTokenSchema>;

export const IdParamsSchema = z.object({ id: z.uuid() });

export const UserDtoSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  locale: LocaleSchema,
  status: z.enum(['active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  /** Null for accounts created with a password; otherwise where the e-mailed invitation stands. */
  invitation: z.object({ state: z.enum(['pending', 'accepted', 'expired']), sentAt: z.string(), expiresAt: z.string() }).nullable(),
  abilities: z.object({ update: z.boolean(), disable: z.boolean(), resendInvitation: z.boolean() }),
});

export const MeDtoSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), roles: z.array(RoleSchema), locale: LocaleSchema }),
  /** `timezone`: the IANA zone every time is shown in, labelled (issue 10). */
  org: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), timezone: z.string() }),
  permissions: z.array(PermissionSchema),
  csrfToken: z.string(),
  nav: z.array(z.object({ id: z.string(), path: z.string(), labelKey: z.string() })),
});

export const TokenDtoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** The answer that opens a session: the anti-CSRF token bound to it (the session cookie itself is HttpOnly). */
export const SessionDtoSchema = z.object({ csrfToken: z.string() });

/** A new authenticator secret and its otpauth URI (shown as a QR code), before the first code confirms it. */
export const MfaSetupDtoSchema = z.object({ secret: z.string(), uri: z.string() });

/** The recovery codes, shown once when two-step sign-in is turned on. */
export const RecoveryCodesDtoSchema = z.object({ recoveryCodes: z.array(z.string()) });

/** The same answer whether or not the address belongs to an account (no account enumeration). */
export const PasswordResetAcceptedDtoSchema = z.object({ accepted: z.literal(true) });

/** A role and the permissions it grants. */
export const RoleDtoSchema = z.object({ role: RoleSchema, permissions: z.array(PermissionSchema) });

/** A new API token: the only answer that ever carries its secret. */
export const CreatedTokenDtoSchema = z.object({ token: z.string(), item: TokenDtoSchema });
