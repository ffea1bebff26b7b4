/**
 * When a consumer's termination takes effect, per sector: the end date the "résilier votre contrat"
 * function shows before the consumer confirms and sends in the acknowledgement (C. consom. L.215-1-1,
 * D.215-2 to D.215-4: the acknowledgement states the date the termination takes effect).
 * A dated table like the notice table: a termination is judged by the row in force on the day the
 * trader receives it; to change a row, append a version with a later `from`.
 *
 * Rows (each against the code's wording; "verify" where checked against summaries only):
 * - electronic communications: C. consom. L.224-39: the termination "prend effet dans un délai de
 *   dix jours à compter de la réception par le fournisseur de la demande de résiliation": the tenth
 *   day after the day received. Early-termination fees of a commitment (L.224-28) are not modelled.
 * - energy: C. consom. L.224-14: the consumer terminates at any time, without fee; it "prend effet
 *   à la date souhaitée par le consommateur et, au plus tard, trente jours à compter de la
 *   notification" (verify): the function offers the latest date, the thirtieth day.
 * - banking (deposit account): C. monét. fin. L.312-1-1 III: the client terminates at any time; a
 *   notice may be agreed, "ne peut dépasser trente jours" (verify): the thirtieth day.
 * - other contracts: a fixed-term contract runs to its term (C. civ. art. 1212): the termination
 *   ends it on its last committed day; without a term, or past it, the product's policy ends it the
 *   day after (source `policy`).
 * - whatever the sector, a tacit-renewal reminder missed (L.215-1 al. 2) lets the consumer
 *   terminate "à tout moment à compter de la date de reconduction": from then the contract ends the
 *   day after the request when that is earlier than the sector's date.
 * - whatever the sector, a consumer told of a change of the contract who terminates within the
 *   change's window (notice.ts: C. consom. L.224-33, L.224-10; C. monét. fin. L.312-1-1 III;
 *   R.212-4) terminates "sans pénalité" / "sans frais": the commitment's term does not hold (an
 *   "other" contract ends the day after, not on its last committed day), and a termination received
 *   before the change applies ends the contract no later than the day before it, so the consumer
 *   who refuses the change is never held to it (L.312-1-1 III: terminate "avant la date
 *   d'application des modifications"). Earlier than the sector's delay is always allowed: the
 *   codes set a longest delay (L.224-39 "dans un délai de dix jours", L.224-14 "au plus tard",
 *   L.312-1-1 "ne peut dépasser"). Received after the change applies (electronic communications
 *   and energy windows run past it), the sector's delay holds, without the commitment.
 * Periods counted forwards from an event do not count that day (Reg. 1182/71 art. 3(1)) and an end
 * of contract is not moved for weekends (it is not a time to act).
 */
import { addDays, isLocalDate } from '../calendar.ts';
import type { LocalDate } from '../local-date.ts';
import { TransparencyRulesError } from './errors.ts';
import { NOTICE_SECTORS, type NoticeSector } from './notice.ts';

export const TERMINATION_RULE_FROM: LocalDate = '2016-07-01';

export interface TerminationRule {
  readonly sector: NoticeSector;
  readonly from: LocalDate;
  /** Days after the day received; null: the contract's term (or the day after when none is left). */
  readonly days: number | null;
  readonly source: 'law' | 'policy';
  readonly ref: string;
}

export const TERMINATION_RULES: readonly TerminationRule[] = [
  { sector: 'electronic_communications', from: TERMINATION_RULE_FROM, days: 10, source: 'law', ref: 'C. consom. L.224-39' },
  { sector: 'energy', from: TERMINATION_RULE_FROM, days: 30, source: 'law', ref: 'C. consom. L.224-14' },
  { sector: 'banking', from: TERMINATION_RULE_FROM, days: 30, source: 'law', ref: 'C. monét. fin. L.312-1-1 III' },
  { sector: 'other', from: TERMINATION_RULE_FROM, days: null, source: 'policy', ref: 'C. civ. art. 1212' },
];

export const ANY_TIME_REF = 'C. consom. L.215-1 al. 2';

export interface TerminationInput {
  readonly sector: NoticeSector;
  /** The day the trader receives the termination (the day the consumer confirms online). */
  readonly receivedOn: LocalDate;
  /** The last day of the committed period; null without a fixed term. */
  readonly commitmentEndOn: LocalDate | null;
  /** Set when the renewal reminder was missed: the renewal day from which the consumer may terminate at any time. */
  readonly terminateAnyTimeFrom: LocalDate | null;
  /** A change the consumer was told of (a change notice sent): its day and the last day to terminate because of it. */
  readonly change?: NotifiedChange | null;
}

export interface NotifiedChange {
  readonly effectiveOn: LocalDate;
  readonly terminateBy: LocalDate;
  readonly source: 'law' | 'policy';
  readonly ref: string;
}

export interface TerminationEffect {
  /** The last day of the contract. */
  readonly endOn: LocalDate;
  readonly source: 'law' | 'policy';
  readonly ref: string;
}

function assertDate(value: LocalDate | null, name: string): void {
  if (value !== null && !isLocalDate(value))
    throw new TransparencyRulesError('invalid-input', `${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/** The row for `sector` in force on `on`. */
export function terminationRuleFor(sector: NoticeSector, on: LocalDate): TerminationRule {
  assertDate(on, 'date');
  if (!(NOTICE_SECTORS as readonly string[]).includes(sector))
    throw new TransparencyRulesError('invalid-input', `Unknown sector ${JSON.stringify(sector)}`);
  const row = TERMINATION_RULES.filter((r) => r.sector === sector && r.from <= on).sort((a, b) => (a.from < b.from ? 1 : -1))[0];
  if (!row) throw new TransparencyRulesError('no-rule-in-force', `No termination rule for ${sector} in force on ${on}`);
  return row;
}

/** The day a termination received on `receivedOn` ends the contract, and the rule that says so. */
export function terminationEffect(input: TerminationInput): TerminationEffect {
  assertDate(input.receivedOn, 'receivedOn');
  assertDate(input.commitmentEndOn, 'commitmentEndOn');
  assertDate(input.terminateAnyTimeFrom, 'terminateAnyTimeFrom');
  const rule = terminationRuleFor(input.sector, input.receivedOn);
  const nextDay = addDays(input.receivedOn, 1);
  if (input.change) {
    assertDate(input.change.effectiveOn, 'change.effectiveOn');
    assertDate(input.change.terminateBy, 'change.terminateBy');
  }
  const change = input.change && input.receivedOn <= input.change.terminateBy ? input.change : null;
  const committedEnd = rule.days === null && input.commitmentEndOn !== null && input.commitmentEndOn >= nextDay ? input.commitmentEndOn : null;
  const sectorEnd = rule.days !== null ? addDays(input.receivedOn, rule.days) : (committedEnd ?? nextDay);
  let effect: TerminationEffect = { endOn: sectorEnd, source: rule.source, ref: rule.ref };
  if (change) {
    // Without cost: the commitment does not hold; before the change applies: ended before it.
    const withoutCost = rule.days !== null ? sectorEnd : nextDay;
    const beforeChange = change.effectiveOn > input.receivedOn ? addDays(change.effectiveOn, -1) : null;
    if (beforeChange !== null && beforeChange < withoutCost) effect = { endOn: beforeChange, source: change.source, ref: change.ref };
    else if (committedEnd !== null) effect = { endOn: withoutCost, source: change.source, ref: change.ref };
  }
  const anyTime = input.terminateAnyTimeFrom !== null && input.receivedOn >= input.terminateAnyTimeFrom;
  if (anyTime && nextDay < effect.endOn) return { endOn: nextDay, source: 'law', ref: ANY_TIME_REF };
  return effect;
}
