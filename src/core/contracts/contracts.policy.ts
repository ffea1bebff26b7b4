/**
 * Who may do what with contracts, and what a contract allows its holder: pure. Reading is
 * `contract:read`, concluding contracts `contract:manage`; the holder ends their own contract
 * through the portal functions, identified by the contract's secret details.
 */
import { hasPermission, type Actor } from '../context.ts';
import { canWithdraw, withdrawalPeriod, type WithdrawalPeriod } from '../../rules/transparency/index.ts';
import type { LocalDate } from '../../rules/index.ts';

export interface ContractAbilities {
  manage: boolean;
}

export function abilitiesOf(actor: Actor): ContractAbilities {
  return { manage: hasPermission(actor, 'contract:manage') };
}

interface WithdrawalFacts {
  channel: 'online' | 'phone' | 'shop' | 'off_premises';
  kind: 'service' | 'goods';
  concludedOn: LocalDate;
  goodsReceivedOn: LocalDate | null;
  withdrawalInformedOn: LocalDate | null;
}

/**
 * The withdrawal period of a contract, or null when it has none: the right is for distance
 * (online, phone) and off-premises contracts (Dir. 2011/83/EU art. 9; C. consom. L.221-18), not
 * for a contract concluded in a shop. Goods not yet received: the period has not started, and the
 * consumer may already withdraw (art. 9(3)); it is counted from conclusion until then.
 */
export function withdrawalPeriodOf(c: WithdrawalFacts): WithdrawalPeriod | null {
  if (c.channel === 'shop') return null;
  const informedOn = c.withdrawalInformedOn;
  if (c.kind === 'goods' && c.goodsReceivedOn !== null)
    return withdrawalPeriod({ kind: 'goods', concludedOn: c.concludedOn, goodsReceivedOn: c.goodsReceivedOn, informedOn });
  return withdrawalPeriod({ kind: 'service', concludedOn: c.concludedOn, informedOn });
}

/** Whether the holder may withdraw on `today`: the contract is active and within its period. */
export function mayWithdraw(c: WithdrawalFacts & { status: string }, today: LocalDate): boolean {
  const period = withdrawalPeriodOf(c);
  if (c.status !== 'active' || period === null) return false;
  if (c.kind === 'goods' && c.goodsReceivedOn === null) return true;
  return canWithdraw(period, today);
}
