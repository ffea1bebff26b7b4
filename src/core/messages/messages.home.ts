import type { HomeSection } from '../module.ts';
import { countPending } from './messages.repo.ts';

/** Ethics officer: how many messages wait for their approval (issue 12). */
export const messagesHome: HomeSection[] = [
  {
    id: 'messages.approvals',
    roles: ['ethics_officer'],
    permission: 'message:approve',
    order: 25,
    load: async (deps, { orgId }) => ({ pending: await countPending(deps.db, orgId) }),
  },
];
