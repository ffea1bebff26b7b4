/**
 * Pure decisions of change campaigns: who manages them, the notice's link token, and the notice
 * text's parameters.
 *
 * The link in a notice opens its page and the termination without asking for the contract's
 * details: the link went to the contract's address only, as the acknowledgement of a termination
 * does (docs/SECURITY.md, "Ending a contract online"). It is an HMAC of the notice under a key
 * derived from the master key, bound to the organisation: it cannot be made up or moved to
 * another notice or organisation. It does not expire: the notice is evidence the customer keeps.
 */
import { createHmac } from 'node:crypto';
import { hasPermission, type Actor } from '../context.ts';
import { secretsEqual } from '../secrets.ts';

export interface ChangeCampaignAbilities {
  manage: boolean;
}

/** Creating a campaign is managing contracts (`contract:manage`); reading them `contract:read`. */
export function abilitiesOf(actor: Actor): ChangeCampaignAbilities {
  return { manage: hasPermission(actor, 'contract:manage') };
}

function mac(masterKey: Buffer, orgId: string, noticeId: string): string {
  const key = createHmac('sha256', masterKey).update('change-notice-link').digest();
  return createHmac('sha256', key).update(`${orgId}|${noticeId}`).digest('base64url');
}

export function noticeLinkToken(masterKey: Buffer, orgId: string, noticeId: string): string {
  return `${noticeId}.${mac(masterKey, orgId, noticeId)}`;
}

/** The notice id a link token names, or null when the token was not made by us for this organisation. */
export function readNoticeLinkToken(masterKey: Buffer, orgId: string, token: string): string | null {
  const [id, signature, extra] = token.split('.');
  if (extra !== undefined || !id || !signature || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return null;
  return secretsEqual(signature, mac(masterKey, orgId, id)) ? id : null;
}
