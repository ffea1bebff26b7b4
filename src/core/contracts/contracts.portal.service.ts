/**
 * The holder's side of contracts on the portal, without an account: the "résilier votre contrat"
 * function (C. consom. L.215-1-1, D.215-1 to D.215-4) and the "withdraw from contract" function
 * (Dir. 2011/83/EU art. 11a; C. consom. L.221-18). Three steps: identify, confirm the contract and
 * the end date the rules give, confirmed; the acknowledgement is a page and an e-mail to the
 * contract's address on file (D.215-3: on a durable medium, with the date it takes effect).
 *
 * Nobody ends someone else's contract with public details (docs/SECURITY.md, "Ending a contract
 * online"): the identification wants the holder's name, the contract reference (100 random bits
 * printed on the contract and notices only) and the contract's e-mail address; a wrong answer
 * never says which of them was wrong; attempts are rate limited per address; the confirmation
 * form carries a signed token bound to the contract, valid 30 minutes; the acknowledgement goes
 * to the address on file, not to one typed in the form.
 */
import { t } from '../../i18n/index.ts';
import { TransparencyRulesError } from '../../rules/transparency/index.ts';
import type { LocalDate } from '../../rules/index.ts';
import type { Locale, RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { emailLookup, findCustomerById, revealCustomer } from '../customers/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import { signFormToken, verifyFormToken } from '../form-token.ts';
import { secretsEqual } from '../secrets.ts';
import { mayWithdraw, withdrawalPeriodOf } from './contracts.policy.ts';
import * as repo from './contracts.repo.ts';
import { normaliseContractReference, orgToday } from './contracts.service.ts';
import { endPreviewOf, recordEnd, type EndAction, type EndPreview } from './contracts.ending.ts';

export type { EndAction, EndPreview } from './contracts.ending.ts';

/** The confirmation page stays valid half an hour: long enough to read, short for a forgotten screen. */
export const CONFIRM_TTL_MS = 30 * 60_000;

const identifyScope = (orgId: string, action: EndAction) => `contract-identify:${action}:${orgId}`;
const confirmScope = (orgId: string, action: EndAction, contractId: string) => `contract-confirm:${action}:${orgId}:${contractId}`;

export type IdentifyField = 'name' | 'reference' | 'email';
export type IdentifyValues = Partial<Record<IdentifyField, string>>;
export type IdentifyErrors = Partial<Record<IdentifyField | 'form', string>>;

export type IdentifyResult =
  | { kind: 'invalid'; values: IdentifyValues; errors: IdentifyErrors; formToken: string }
  /** Step 2. `notice`: why a withdrawal became a termination (period ended, no right for this contract). */
  | {
      kind: 'confirm';
      preview: EndPreview;
      formToken: string;
      notice: 'withdrawal_ended' | 'no_withdrawal_right' | null;
      withdrawalLastDay: LocalDate | null;
    }
  | { kind: 'ended'; status: 'terminated' | 'withdrawn'; endOn: LocalDate };

export type ConfirmResult =
  | { kind: 'done'; preview: EndPreview; at: Date }
  /** The confirmation form is stale or forged: identify again. */
  | { kind: 'restart'; formToken: string; errors: IdentifyErrors };

/** A token for a fresh identification form. */
export function identifyFormToken(deps: Deps, org: OrganisationRow, action: EndAction): string {
  return signFormToken(deps.config.masterKey, identifyScope(org.id, action), deps.clock.now());
}

/** Names compare without case, accents, extra spaces or hyphen differences: "Jeanne  roux" is "Jeanne Roux". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s'’-]+/g, ' ')
    .trim();
}

const tr = (locale: Locale, key: string, params?: Record<string, string | number>) => t(locale, `contracts.portal.${key}`, params);

/**
 * The contract these details identify, or null. All three must match; the caller answers the same
 * whichever did not. The reference is looked up by its index (it is unique per organisation),
 * then the name and the address's keyed hash are compared.
 */
async function identify(deps: Deps, org: OrganisationRow, input: Required<IdentifyValues>): Promise<repo.ContractRow | null> {
  const reference = normaliseContractReference(input.reference);
  const typedLookup = emailLookup(deps, org.id, input.email);
  const contract = reference ? await repo.findContractByReference(deps.db, org.id, reference) : undefined;
  if (!contract || !contract.emailLookup) return null;
  const customer = await findCustomerById(deps.db, org.id, contract.customerId);
  if (!customer || customer.erasedAt) return null;
  const name = (await revealCustomer(deps, deps.db, customer)).name ?? '';
  const sameName = secretsEqual(normaliseName(name), normaliseName(input.name));
  const sameEmail = secretsEqual(contract.emailLookup, typedLookup);
  return sameName && sameEmail ? contract : null;
}

/**
 * Step 1: the identification form posted. Empty fields are named (that tells nothing); wrong
 * details get one answer for the whole form. Identified: the confirmation page with the end date
 * the rules give today. A withdrawal past its period (or for a contract without the right) turns
 * into the termination's confirmation and says why.
 */
export async function identifyForEnd(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  action: EndAction,
  body: { formToken?: string | undefined; name?: string | undefined; reference?: string | undefined; email?: string | undefined },
  origin: { sameSite: boolean },
): Promise<IdentifyResult> {
  const locale = ctx.locale;
  const values: IdentifyValues = { name: body.name ?? '', reference: body.reference ?? '', email: body.email ?? '' };
  const again = (errors: IdentifyErrors): IdentifyResult => ({
    kind: 'invalid',
    values,
    errors,
    formToken: identifyFormToken(deps, org, action),
  });
  const token = verifyFormToken(deps.config.masterKey, identifyScope(org.id, action), body.formToken, deps.clock.now());
  if (!token.ok || !origin.sameSite) return again({ form: tr(locale, 'errors.form') });
  const errors: IdentifyErrors = {};
  for (const field of ['name', 'reference', 'email'] as const) if (!values[field]?.trim()) errors[field] = tr(locale, `errors.${field}`);
  if (Object.keys(errors).length > 0) return again(errors);
  const contract = await identify(deps, org, values as Required<IdentifyValues>);
  if (!contract) {
    await deps.db.transaction(async (tx) => {
      await deps.audit.record(
        tx,
        { ...ctx, orgId: org.id, actor: { kind: 'anonymous' } },
        {
          type: 'contract.identification_failed',
          payload: { action },
          outcome: 'denied',
        },
      );
    });
    return again({ form: tr(locale, 'errors.notFound') });
  }
  if (contract.status !== 'active') return { kind: 'ended', status: contract.status, endOn: contract.endOn ?? contract.concludedOn };
  const { today } = await orgToday(deps, org.id);
  let effective: EndAction = action;
  let notice: 'withdrawal_ended' | 'no_withdrawal_right' | null = null;
  const period = withdrawalPeriodOf(contract);
  if (action === 'withdraw' && !mayWithdraw(contract, today)) {
    effective = 'terminate';
    notice = period === null ? 'no_withdrawal_right' : 'withdrawal_ended';
  }
  try {
    const preview = await endPreviewOf(deps, ctx, org, contract, effective, today);
    const formToken = signFormToken(deps.config.masterKey, confirmScope(org.id, effective, contract.id), deps.clock.now());
    return { kind: 'confirm', preview, formToken, notice, withdrawalLastDay: period?.lastDay ?? null };
  } catch (error) {
    if (error instanceof TransparencyRulesError) return again({ form: tr(locale, 'errors.notFound') });
    throw error;
  }
}

/**
 * Step 2 confirmed: ends the contract once. The token proves the identification of this contract
 * less than 30 minutes ago; its nonce makes a double post end it once and answer the same
 * acknowledgement. The acknowledgement e-mail goes to the contract's address on file.
 */
export async function confirmEnd(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  action: EndAction,
  body: { formToken?: string | undefined; contract?: string | undefined },
  origin: { sameSite: boolean },
): Promise<ConfirmResult> {
  const locale = ctx.locale;
  const restart = (): ConfirmResult => ({
    kind: 'restart',
    formToken: identifyFormToken(deps, org, action),
    errors: { form: tr(locale, 'errors.expired') },
  });
  const contractId = body.contract ?? '';
  if (!/^[0-9a-f-]{36}$/.test(contractId) || !origin.sameSite) return restart();
  const token = verifyFormToken(
    deps.config.masterKey,
    confirmScope(org.id, action, contractId),
    body.formToken,
    deps.clock.now(),
    CONFIRM_TTL_MS,
  );
  if (!token.ok) return restart();
  const { today } = await orgToday(deps, org.id);
  const anonymous: RequestContext = { ...ctx, orgId: org.id, actor: { kind: 'anonymous' } };
  const found = await repo.findContract(deps.db, org.id, contractId);
  if (!found) return restart();
  // Read before the transaction (offer names, the address): the transaction then locks and re-checks.
  const preview = await endPreviewOf(deps, ctx, org, found, action, today);
  return deps.db.transaction(async (tx): Promise<ConfirmResult> => {
    const contract = await repo.lockContract(tx, org.id, contractId);
    if (!contract) return restart();
    const previous = await repo.findEventByNonce(tx, org.id, token.nonce);
    if (previous) {
      // The same confirmation posted again: the acknowledgement it already gave.
      return { kind: 'done', preview: { ...preview, endOn: contract.endOn ?? preview.endOn, ref: previous.evidence.ref }, at: previous.at };
    }
    if (contract.status !== 'active' || (action === 'withdraw' && !mayWithdraw(contract, today))) return restart();
    const at = await recordEnd(deps, tx, anonymous, org, contract, preview, { via: 'portal', locale, formNonce: token.nonce });
    return { kind: 'done', preview, at };
  });
}

/** The confirmation step (or the contract already ended), for a contract identified another way. */
export type ContractEndConfirmation = Extract<IdentifyResult, { kind: 'confirm' } | { kind: 'ended' }>;

/**
 * Step 2 of the termination for a contract identified by a link that went to its address (a
 * change notice's page, change-campaigns): the same preview and the same signed confirmation
 * token as after the identification form, so the confirmation and its acknowledgement are this
 * function's own. Null when the contract is not this organisation's.
 */
export async function terminationConfirmationFor(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  contractId: string,
): Promise<ContractEndConfirmation | null> {
  const contract = await repo.findContract(deps.db, org.id, contractId);
  if (!contract) return null;
  if (contract.status !== 'active') return { kind: 'ended', status: contract.status, endOn: contract.endOn ?? contract.concludedOn };
  const { today } = await orgToday(deps, org.id);
  const preview = await endPreviewOf(deps, ctx, org, contract, 'terminate', today);
  const formToken = signFormToken(deps.config.masterKey, confirmScope(org.id, 'terminate', contract.id), deps.clock.now());
  return { kind: 'confirm', preview, formToken, notice: null, withdrawalLastDay: null };
}
