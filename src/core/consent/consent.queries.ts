/** Read models of the purpose pages. Reads only: no audit event, no write. */
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import * as repo from './consent.repo.ts';

/** A purpose with every version of its notice, oldest first. */
export interface PurposeView {
  purpose: repo.PurposeRow;
  notices: repo.NoticeRow[];
}

/** Purpose `id` of the context's organisation with its notices (as just created or republished). */
export async function getPurposeView(deps: Deps, ctx: RequestContext, id: string): Promise<PurposeView> {
  const orgId = requireOrg(ctx);
  const purpose = await repo.findPurpose(deps.db, orgId, id);
  if (!purpose) throw notFound('purpose');
  return { purpose, notices: await repo.findNotices(deps.db, orgId, id) };
}
