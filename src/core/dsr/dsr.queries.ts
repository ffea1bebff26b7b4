/**
 * Read models of the data-subject request pages: a request with the subject's identity and words,
 * decrypted here. Reads only: no audit event, no write.
 */
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findCustomerById } from '../customers/index.ts';
import { revealCustomer, type Customer } from '../customers/index.ts';
import type { RestrictionRow } from '../consent/index.ts';
import * as repo from './dsr.repo.ts';
import { findRequestRestrictions, isOverdue } from './dsr.service.ts';

/** A request as its page shows it. */
export interface DsrDetailView {
  row: repo.DsrRow;
  overdue: boolean;
  /** Null when the customer row is gone; an erased customer has no identity left to show. */
  customer: Customer | null;
  /** The subject's own words, decrypted (null once erased). */
  details: string | null;
  /** The restrictions a restriction request obtained, oldest first. */
  restrictions: RestrictionRow[];
}

/** Request `id` of the context's organisation, with the subject's identity and words. */
export async function getRequestView(deps: Deps, ctx: RequestContext, id: string): Promise<DsrDetailView> {
  const orgId = requireOrg(ctx);
  const r = await repo.findRequest(deps.db, orgId, id);
  if (!r) throw notFound('dsr');
  const customerRow = await findCustomerById(deps.db, orgId, r.customerId);
  const customer = customerRow ? await revealCustomer(deps, deps.db, customerRow) : null;
  const details = r.detailsEnc ? await deps.cipher.decrypt(deps.db, orgId, r.customerId, 'dsr.details', r.detailsEnc) : null;
  const restrictions = await findRequestRestrictions(deps.db, orgId, r);
  return { row: r, overdue: isOverdue(deps, r), customer, details, restrictions };
}
