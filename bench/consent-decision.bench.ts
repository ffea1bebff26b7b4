/**
 * Consent decision API in-process (issue 3 target: >= 500,000 decisions/s on one core over
 * 1M subjects x 5 purposes with 10M ledger events). The index is fed 10M ledger events (two per
 * subject x purpose: an older one, then the latest, as a ledger replay does), then answers random
 * questions. Baseline in the same run: a bare Map lookup of the same subject ids.
 */
import { randomUUID } from 'node:crypto';
import { ConsentIndex, type Channel } from '../src/core/consent/consent.decision.ts';

const PURPOSES = [
  { key: 'newsletter', legalBasis: 'consent', dataUse: 'marketing.communications.email', channels: ['email'], gpcApplies: false },
  { key: 'offers-phone', legalBasis: 'consent', dataUse: 'marketing.communications.telephone', channels: ['phone', 'sms'], gpcApplies: true },
  { key: 'partners', legalBasis: 'consent', dataUse: 'marketing.third_party', channels: ['email', 'post'], gpcApplies: true },
  { key: 'surveys', legalBasis: 'legitimate_interests', dataUse: 'improve.system', channels: ['email', 'sms'], gpcApplies: false },
  { key: 'billing', legalBasis: 'contract', dataUse: 'essential.service.payment_processing', channels: ['email', 'post'], gpcApplies: false },
] as const;

function measure(label: string, calls: number, fn: (i: number) => unknown): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) if (fn(i)) sink++;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.log(label); // keeps the loop from being optimised away
  return calls / seconds;
}

export async function run(): Promise<void> {
  const subjects = Number(process.env.BENCH_SUBJECTS ?? 1_000_000);
  const calls = Number(process.env.BENCH_DECISIONS ?? 5_000_000);
  const index = new ConsentIndex();
  const purposeIds = PURPOSES.map((p) => {
    const id = randomUUID();
    index.setPurpose({ id, ...p, channels: [...p.channels] });
    return id;
  });
  const ids: string[] = new Array<string>(subjects);
  const plain = new Map<string, number>();
  const loadStart = Date.now();
  let seq = 0;
  for (let s = 0; s < subjects; s++) {
    const customerId = randomUUID();
    ids[s] = customerId;
    plain.set(customerId, s);
    for (let p = 0; p < PURPOSES.length; p++) {
      const channel = PURPOSES[p]!.channels[0] as Channel;
      // Two ledger events per subject x purpose: 10M events for 1M subjects x 5 purposes.
      index.setState({ customerId, purposeId: purposeIds[p]!, channel, kind: 'given', eventId: `e${++seq}`, eventSeq: seq, expiresAt: null });
      index.setState({ customerId, purposeId: purposeIds[p]!, channel, kind: (s + p) % 3 === 0 ? 'withdrawn' : 'given', eventId: `e${++seq}`, eventSeq: seq, expiresAt: null });
    }
    if (s % 97 === 0) index.setRestrictions(customerId, [{ id: `r${s}`, customerId, kind: 'gpc', purposeId: null }]);
  }
  const loadSeconds = (Date.now() - loadStart) / 1000;
  // Random questions drawn up front, so both loops do the same work around the lookup.
  const picks = new Uint32Array(calls);
  for (let i = 0; i < calls; i++) picks[i] = Math.floor(Math.random() * subjects);
  const keys = PURPOSES.map((p) => p.key);
  const channels = PURPOSES.map((p) => p.channels[0] as Channel);
  const at = Date.now();

  // Warm-up, then alternate baseline and candidate three times; keep the medians.
  measure('warm', Math.min(calls, 500_000), (i) => index.can(ids[picks[i]!]!, keys[i % 5]!, channels[i % 5]!, at).allowed);
  const base: number[] = [];
  const cand: number[] = [];
  for (let round = 0; round < 3; round++) {
    base.push(measure('map', calls, (i) => plain.get(ids[picks[i]!]!) !== undefined));
    cand.push(measure('can', calls, (i) => index.can(ids[picks[i]!]!, keys[i % 5]!, channels[i % 5]!, at).allowed));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  const b = median(base);
  const c = median(cand);
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(`\n## Consent decisions in-process (${subjects.toLocaleString('en')} subjects x 5 purposes, ${seq.toLocaleString('en')} ledger events, loaded in ${loadSeconds.toFixed(1)} s, RSS ${rss.toFixed(0)} MiB)`);
  console.log(`  baseline: Map.get of the subject id     ${b.toFixed(0).padStart(11)} lookups/s`);
  console.log(`  ConsentIndex.can(subject, purpose, ch) ${c.toFixed(0).padStart(11)} decisions/s  (target >= 500,000)`);
  console.log(`  ratio (candidate / baseline): ${(c / b).toFixed(3)}`);
}
