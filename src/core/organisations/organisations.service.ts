import { AppError, notFound } from '../errors.ts';
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { Db } from '../../db/client.ts';
import * as repo from './organisations.repo.ts';
import type { CreateOrganisationInput, UpdateOrganisationInput } from './organisations.schemas.ts';

/** Creates a tenant; `ctx` is a system or admin context and the event goes to the new chain. */
export async function createOrganisation(deps: Deps, tx: Db, ctx: RequestContext, input: CreateOrganisationInput): Promise<repo.OrganisationRow> {
  if (await repo.findOrganisationBySlug(tx, input.slug)) throw new AppError('conflict');
  const org = await repo.insertOrganisation(tx, input);
  await deps.audit.record(tx, { ...ctx, orgId: org.id }, { type: 'organisation.created', target: { type: 'organisation', id: org.id }, payload: { organisationId: org.id } });
  return org;
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
