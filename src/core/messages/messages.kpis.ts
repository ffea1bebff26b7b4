/**
 * Message checker KPIs. The checker judges texts on request but no module stores what it sends
 * with the findings yet: until one does, these KPIs are in the catalogue with no source, shown as
 * "no data yet" and never as a number.
 */
import type { KpiDefinition } from '../module.ts';

/** The catalogue's message KPIs (module manifest `kpis`). */
export const messageKpis: KpiDefinition[] = [
  {
    key: 'messages.findings_per_1000',
    name: { fr: 'Alertes du vérificateur pour 1 000 messages', en: 'Checker findings per 1,000 messages' },
    formula: {
      fr: 'Alertes du vérificateur de messages (pression, urgence fausse, gratuité trompeuse, informations manquantes ; directive 2005/29/CE) sur les messages envoyés, pour 1 000 messages envoyés, au jour de l’envoi.',
      en: 'Findings of the message checker (pressure, false urgency, misleading “free”, missing information; Directive 2005/29/EC) on the messages sent, per 1,000 messages sent, on the day they were sent.',
    },
    records: [],
    unit: 'per_1000',
    owner: 'ethics_officer',
    target: null,
    aggregation: { kind: 'ratio', scale: 1000 },
    source: null,
  },
];
