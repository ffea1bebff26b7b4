import { AppError, notFound } from '../errors.ts';
import { requireOrg, systemContext, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { Db } from '../../db/client.ts';
import * as repo from './organisations.repo.ts';
import { CreateOrganisationSchema, type CreateOrganisationInput, type UpdateOrganisationInput } from './organisations.schemas.ts';

/** Creates a tenant; `ctx` is a system or admin context and the event goes to the new chain. */
export async function createOrganisation(deps: Deps, tx: Db, ctx: RequestContext, input: CreateOrganisationInput): Promise<repo.OrganisationRow> {
  if (await repo.findOrganisationBySlug(tx, input.slug)) throw new AppError('conflict');
  const org = await repo.insertOrganisation(tx, input);
  await deps.audit.record(tx, { ...ctx, orgId: org.id }, { type: 'organisation.created', target: { type: 'organisation', id: org.id }, payload: { organisationId: org.id } });
  return org;
}

/** What an operator gives to add an organisation; the profile's optional fields come later from its admin. */
export interface OperatorOrganisationInput {
  slug: string;
  name: string;
  legalName: string;
  contactEmail: string;
  postalAddress: string;
  mediatorName: string;
  mediatorWebsite: string;
  locale: string;
  timezone: string;
}

/** Whether `zone` is an IANA time zone this runtime knows (deadlines are computed in it). */
function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The operator of an installation adds a tenant (`confiance org add`). There is no HTTP route for
 * it on purpose: an organisation's admin manages their own organisation and can neither create
 * nor see another. Each problem is named by its option, so the operator can fix the command.
 */
export async function addOrganisationAsOperator(deps: Deps, input: OperatorOrganisationInput): Promise<repo.OrganisationRow> {
  const parsed = CreateOrganisationSchema.safeParse({
    slug: input.slug,
    name: input.name,
    legalName: input.legalName,
    defaultLocale: input.locale,
    timezone: input.timezone,
    profile: {
      contactEmail: input.contactEmail,
      postalAddress: input.postalAddress,
      mediator: { name: input.mediatorName, website: input.mediatorWebsite },
      // The portal's legal page says who publishes it until the admin writes the full notice (LCEN art. 6 III).
      legalNotice: { fr: `${input.legalName}, ${input.postalAddress}.`, en: `${input.legalName}, ${input.postalAddress}.` },
    },
  });
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${OPERATOR_OPTION[i.path.join('.')] ?? i.path.join('.')}: ${i.message}`);
  if (!knownTimeZone(input.timezone)) problems.push(`--timezone: unknown time zone "${input.timezone}" (use an IANA name such as Europe/Paris)`);
  if (!parsed.success || problems.length > 0) throw new OperatorInputError(problems);
  return deps.db.transaction(async (tx) => {
    if (await repo.findOrganisationBySlug(tx, parsed.data.slug)) throw new OperatorInputError([`--slug: "${parsed.data.slug}" is taken`]);
    return createOrganisation(deps, tx, systemContext(null, 'cli'), parsed.data);
  });
}

/** The command-line option behind each field, for the operator's error message. */
const OPERATOR_OPTION: Record<string, string> = {
  slug: '--slug (lowercase letters, digits and hyphens, 1 to 40)',
  name: '--name',
  legalName: '--legal-name',
  defaultLocale: '--locale (fr or en)',
  timezone: '--timezone',
  'profile.contactEmail': '--contact-email',
  'profile.postalAddress': '--postal-address',
  'profile.mediator.name': '--mediator-name',
  'profile.mediator.website': '--mediator-website (an http or https address)',
};

/** An operator's command with bad options: every problem, each named by its option. */
export class OperatorInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'OperatorInputError';
  }
}

export async function getOwnOrganisation(deps: Deps, ctx: RequestContext): Promise<repo.OrganisationRow> {
  const org = await repo.findOrganisationById(deps.db, requireOrg(ctx));
  if (!org) throw notFound('organisation');
  return org;
}

export async function updateOwnOrganisation(deps: Deps, ctx: RequestContext, input: UpdateOrganisationInput): Promise<repo.OrganisationRow> {
  const orgId = requireOrg(ctx);
  const fields = Object.keys(input).filter((k) => input[k as keyof UpdateOrganisationInput] !== undefined);
  if (fields.length === 0) throw new AppError('validation');
  return deps.db.transaction(async (tx) => {
    const org = await repo.updateOrganisation(tx, orgId, { ...input, updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, { type: 'organisation.updated', target: { type: 'organisation', id: orgId }, payload: { organisationId: orgId, fields } });
    return org;
  });
}

/** The organisation a portal URL names, or the default one for `/portal`. */
export async function getPortalOrganisation(deps: Deps, slug: string | null): Promise<repo.OrganisationRow> {
  const org = slug ? await repo.findOrganisationBySlug(deps.db, slug) : await repo.findDefaultOrganisation(deps.db);
  if (!org) throw notFound('organisation');
  return org;
}
