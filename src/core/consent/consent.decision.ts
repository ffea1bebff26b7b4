/**
 * The consent decision function: `can(subject, purpose, channel, at)`. It is a hot path (every
 * contact and campaign asks it), so it reads an in-memory index per organisation, loaded once
 * from the projection and updated after each committed write, and it allocates nothing per call:
 * every answer is a frozen Decision object prepared when the state was loaded or changed.
 */
import type { CHANNELS, LEGAL_BASES, CONSENT_EVENT_KINDS, RESTRICTION_KINDS } from './consent.tables.ts';

export type Channel = (typeof CHANNELS)[number];
export type LegalBasis = (typeof LEGAL_BASES)[number];
export type ConsentKind = (typeof CONSENT_EVENT_KINDS)[number];
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

const CHANNEL_SLOT: Record<Channel, number> = { email: 0, sms: 1, phone: 2, post: 3 };
const SLOTS_PER_PURPOSE = 4;

export type AllowReason = 'consent' | 'legal_basis';
export type DenyReason =
  | 'unknown_purpose'
  | 'channel_not_covered'
  | 'no_consent'
  | 'withdrawn'
  | 'refused'
  | 'expired'
  | 'restricted'
  | 'objected'
  | 'gpc_objection';

/** The answer: allowed or not, why (a stable code), and the evidence (ledger event or restriction id). */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: AllowReason | DenyReason;
  readonly evidence: string | null;
}

const decision = (allowed: boolean, reason: AllowReason | DenyReason, evidence: string | null): Decision =>
  Object.freeze({ allowed, reason, evidence });
const UNKNOWN_PURPOSE = decision(false, 'unknown_purpose', null);
const CHANNEL_NOT_COVERED = decision(false, 'channel_not_covered', null);
const NO_CONSENT = decision(false, 'no_consent', null);
const LEGAL_BASIS = decision(true, 'legal_basis', null);

export interface PurposeInfo {
  id: string;
  key: string;
  legalBasis: LegalBasis;
  dataUse: string;
  channels: readonly string[];
  gpcApplies: boolean;
}

interface PurposeSlot {
  info: PurposeInfo;
  slot: number;
  channelMask: number;
  /** GDPR Art. 21(2)-(3): an objection to direct marketing is absolute; Art. 21(1) covers legitimate interests and public tasks. */
  objectable: boolean;
  /** GDPR Art. 18(2): restricted data is only processed with consent, for legal claims or legal duties. */
  restrictable: boolean;
}

/** The last ledger event of one subject x purpose x channel, as the projection holds it. */
export interface StateInput {
  customerId: string;
  purposeId: string;
  channel: Channel;
  kind: ConsentKind;
  eventId: string;
  eventSeq: number;
  expiresAt: Date | null;
}

/** A consent that lapses: from `atMs` on, the answer is `after` (kind `expired`). */
interface Expiry {
  atMs: number;
  after: Decision;
}

/** An active restriction, objection or GPC signal. */
export interface RestrictionInput {
  id: string;
  customerId: string;
  kind: RestrictionKind;
  purposeId: string | null;
}

/**
 * Per subject, indexed by purpose slot x channel. The answer sits directly in `decisions` so the
 * hot path follows as few pointers as possible (1M subjects do not fit in cache: each pointer
 * chased is a likely cache miss); sequence numbers matter only to writers, expiries to few.
 */
interface SubjectEntry {
  decisions: (Decision | undefined)[];
  seqs: number[];
  expiries: (Expiry | undefined)[] | null;
  restrictions: RestrictionInput[];
  restricted: Decision | null;
  gpc: Decision | null;
  objectedAll: Decision | null;
  /** Objections to single purposes, by purpose slot. */
  objected: (Decision | undefined)[] | null;
}

export class ConsentIndex {
  private readonly byKey = new Map<string, PurposeSlot>();
  private readonly byId = new Map<string, PurposeSlot>();
  private readonly subjects = new Map<string, SubjectEntry>();

  /** Adds or updates a purpose (slots are stable for the life of the index). */
  setPurpose(info: PurposeInfo): void {
    const existing = this.byId.get(info.id);
    let mask = 0;
    for (const c of info.channels) if (c in CHANNEL_SLOT) mask |= 1 << CHANNEL_SLOT[c as Channel];
    const slot: PurposeSlot = {
      info,
      slot: existing?.slot ?? this.byId.size,
      channelMask: mask,
      objectable: info.dataUse.startsWith('marketing.') || info.legalBasis === 'legitimate_interests' || info.legalBasis === 'public_task',
      restrictable: info.legalBasis !== 'consent' && info.legalBasis !== 'legal_obligation' && info.legalBasis !== 'vital_interests',
    };
    if (existing) this.byKey.delete(existing.info.key);
    this.byId.set(info.id, slot);
    this.byKey.set(info.key, slot);
  }

  private entry(customerId: string): SubjectEntry {
    let e = this.subjects.get(customerId);
    if (!e) {
      e = { decisions: [], seqs: [], expiries: null, restrictions: [], restricted: null, gpc: null, objectedAll: null, objected: null };
      this.subjects.set(customerId, e);
    }
    return e;
  }

  /** Applies a ledger state; an older event (lower seq) than the one held is ignored. */
  setState(s: StateInput): void {
    const purpose = this.byId.get(s.purposeId);
    if (!purpose) return;
    const e = this.entry(s.customerId);
    const at = purpose.slot * SLOTS_PER_PURPOSE + CHANNEL_SLOT[s.channel];
    const held = e.seqs[at];
    if (held !== undefined && held >= s.eventSeq) return;
    e.seqs[at] = s.eventSeq;
    e.decisions[at] = s.kind === 'given' ? decision(true, 'consent', s.eventId) : decision(false, s.kind, s.eventId);
    if (s.kind === 'given' && s.expiresAt)
      (e.expiries ??= [])[at] = { atMs: s.expiresAt.getTime(), after: decision(false, 'expired', s.eventId) };
    else if (e.expiries !== null) e.expiries[at] = undefined;
  }

  /** Replaces the subject's active restrictions, objections and GPC signals. */
  setRestrictions(customerId: string, list: RestrictionInput[]): void {
    const e = this.entry(customerId);
    e.restrictions = list;
    e.restricted = e.gpc = e.objectedAll = null;
    e.objected = null;
    for (const r of list) {
      if (r.kind === 'restriction') e.restricted ??= decision(false, 'restricted', r.id);
      else if (r.kind === 'gpc') e.gpc ??= decision(false, 'gpc_objection', r.id);
      else if (r.purposeId === null) e.objectedAll ??= decision(false, 'objected', r.id);
      else {
        const p = this.byId.get(r.purposeId);
        if (p) (e.objected ??= [])[p.slot] ??= decision(false, 'objected', r.id);
      }
    }
  }

  addRestriction(r: RestrictionInput): void {
    const e = this.entry(r.customerId);
    if (!e.restrictions.some((x) => x.id === r.id)) this.setRestrictions(r.customerId, [...e.restrictions, r]);
  }

  liftRestriction(customerId: string, id: string): void {
    const e = this.subjects.get(customerId);
    if (e)
      this.setRestrictions(
        customerId,
        e.restrictions.filter((x) => x.id !== id),
      );
  }

  /** Forgets a subject (after erasure). */
  dropSubject(customerId: string): void {
    this.subjects.delete(customerId);
  }

  /**
   * Replaces everything held on a subject with what the database holds now (another process
   * changed it): states and active restrictions, or nothing at all after an erasure.
   */
  replaceSubject(customerId: string, states: readonly StateInput[], restrictions: RestrictionInput[]): void {
    this.subjects.delete(customerId);
    for (const s of states) this.setState(s);
    if (restrictions.length > 0) this.setRestrictions(customerId, restrictions);
  }

  /**
   * The subject's active restrictions, objections and GPC signals, as held for decisions (kept
   * current like the states): bulk readers such as a campaign scrub need no query of their own.
   */
  restrictionsOf(customerId: string): readonly RestrictionInput[] {
    return this.subjects.get(customerId)?.restrictions ?? [];
  }

  purpose(keyOrId: string): PurposeInfo | undefined {
    return (this.byKey.get(keyOrId) ?? this.byId.get(keyOrId))?.info;
  }

  /**
   * May `purpose` (key or id) reach `customerId` on `channel` at `atMs` (epoch ms)? Order: the
   * purpose and channel exist; GPC, objections and restriction override everything (GDPR Art.
   * 18, 21); a non-consent legal basis allows; otherwise the last ledger event decides.
   */
  can(customerId: string, purpose: string, channel: Channel, atMs: number): Decision {
    const p = this.byKey.get(purpose) ?? this.byId.get(purpose);
    if (p === undefined) return UNKNOWN_PURPOSE;
    const ch = CHANNEL_SLOT[channel];
    if (ch === undefined || (p.channelMask & (1 << ch)) === 0) return CHANNEL_NOT_COVERED;
    const e = this.subjects.get(customerId);
    if (e !== undefined) {
      if (e.gpc !== null && p.info.gpcApplies) return e.gpc;
      if (p.objectable) {
        if (e.objectedAll !== null) return e.objectedAll;
      }
      if (e.objected !== null) {
        const o = e.objected[p.slot];
        if (o !== undefined) return o;
      }
      if (e.restricted !== null && p.restrictable) return e.restricted;
    }
    if (p.info.legalBasis !== 'consent') return LEGAL_BASIS;
    if (e === undefined) return NO_CONSENT;
    const at = p.slot * SLOTS_PER_PURPOSE + ch;
    const d = e.decisions[at];
    if (d === undefined) return NO_CONSENT;
    if (e.expiries !== null) {
      const x = e.expiries[at];
      if (x !== undefined && atMs >= x.atMs) return x.after;
    }
    return d;
  }

  /** Many decisions at once (campaigns); answers in input order. */
  canMany(items: readonly { customerId: string; purpose: string; channel: Channel }[], atMs: number): Decision[] {
    const out = new Array<Decision>(items.length);
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      out[i] = this.can(it.customerId, it.purpose, it.channel, atMs);
    }
    return out;
  }
}
