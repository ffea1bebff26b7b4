/**
 * What the CSR report prints, section by section (RULES.md "Reporting"): GRI 417-3, GRI 418-1 and
 * ESRS S4-1 to S4-5. Each figure names where its number comes from: a KPI of the catalogue (its
 * whole, or one breakdown value), or a count over records the KPIs do not keep (fine amounts,
 * leaks of customer data, purposes with a notice). The report never computes a number otherwise.
 */
import type { Bilingual, KpiUnit } from '../module.ts';

export const SECTION_IDS = ['gri_417_3', 'gri_418_1', 's4_1', 's4_2', 's4_3', 's4_4', 's4_5'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** Figures computed from records by the report itself (reporting.sources.ts). */
export const RECORD_SOURCES = ['fine_amounts', 'customer_data_leaks', 'purposes_with_notice', 'targets_met', 'targets_judged'] as const;
export type RecordSource = (typeof RECORD_SOURCES)[number];

export type FigureSource = { kind: 'kpi'; key: string; dimension?: string } | { kind: 'records'; source: RecordSource };

export interface FigureDefinition {
  id: string;
  label: Bilingual;
  /** `money`: a list of amounts per currency, not one number. */
  unit: KpiUnit | 'money';
  source: FigureSource;
  /** Where the records behind the figure open, for record sources (`{from}`/`{to}` filled in). */
  recordsPath?: string;
  /** The KPI whose definition page explains a record source, when one is close enough to name. */
  relatedKpi?: string;
}

export interface SectionDefinition {
  id: SectionId;
  title: Bilingual;
  /** What the section answers, in the standard's words (shown above the figures). */
  scope: Bilingual;
  figures: FigureDefinition[];
}

const kpi = (key: string, dimension?: string): FigureSource => ({ kind: 'kpi', key, ...(dimension ? { dimension } : {}) });

export const CSR_SECTIONS: SectionDefinition[] = [
  {
    id: 'gri_417_3',
    title: { fr: 'GRI 417-3 — Non-conformités en communication marketing', en: 'GRI 417-3 — Non-compliance concerning marketing communications' },
    scope: {
      fr: 'Cas de non-conformité aux réglementations et codes volontaires relatifs à la communication marketing (publicité, promotion, parrainage), par amendes ou sanctions, avertissements et manquements à un code volontaire.',
      en: 'Incidents of non-compliance with regulations and voluntary codes concerning marketing communications (advertising, promotion, sponsorship), by fines or penalties, warnings and voluntary-code breaches.',
    },
    figures: [
      { id: 'gri_417_3.total', label: { fr: 'Cas de non-conformité', en: 'Incidents of non-compliance' }, unit: 'count', source: kpi('regulatory.marketing_noncompliance') },
      { id: 'gri_417_3.fines', label: { fr: 'dont amendes ou sanctions', en: 'of which fines or penalties' }, unit: 'count', source: kpi('regulatory.marketing_noncompliance', 'fine') },
      {
        id: 'gri_417_3.fine_amounts',
        label: { fr: 'Montant des amendes ou sanctions', en: 'Amount of fines or penalties' },
        unit: 'money',
        source: { kind: 'records', source: 'fine_amounts' },
        recordsPath: '/app/regulatory?from={from}&to={to}',
        relatedKpi: 'regulatory.marketing_noncompliance',
      },
      { id: 'gri_417_3.warnings', label: { fr: 'dont avertissements', en: 'of which warnings' }, unit: 'count', source: kpi('regulatory.marketing_noncompliance', 'warning') },
      {
        id: 'gri_417_3.voluntary_codes',
        label: { fr: 'dont manquements à un code volontaire', en: 'of which voluntary-code breaches' },
        unit: 'count',
        source: kpi('regulatory.marketing_noncompliance', 'voluntary_code_breach'),
      },
    ],
  },
  {
    id: 'gri_418_1',
    title: { fr: 'GRI 418-1 — Vie privée des clients', en: 'GRI 418-1 — Customer privacy' },
    scope: {
      fr: 'Plaintes fondées concernant des atteintes à la vie privée des clients, reçues de tiers et d’autorités de contrôle, et fuites, vols ou pertes de données de clients.',
      en: 'Substantiated complaints concerning breaches of customer privacy, received from outside parties and from regulatory bodies, and leaks, thefts or losses of customer data.',
    },
    figures: [
      {
        id: 'gri_418_1.outside_parties',
        label: { fr: 'Plaintes fondées reçues de tiers', en: 'Substantiated complaints from outside parties' },
        unit: 'count',
        source: kpi('complaints.privacy_substantiated'),
      },
      {
        id: 'gri_418_1.regulators',
        label: { fr: 'Plaintes fondées reçues d’autorités de contrôle', en: 'Substantiated complaints from regulatory bodies' },
        unit: 'count',
        source: kpi('regulatory.privacy_complaints'),
      },
      {
        id: 'gri_418_1.leaks',
        label: { fr: 'Fuites, vols ou pertes de données de clients', en: 'Leaks, thefts or losses of customer data' },
        unit: 'count',
        source: { kind: 'records', source: 'customer_data_leaks' },
        recordsPath: '/app/breaches?status=all',
        relatedKpi: 'breaches.count',
      },
    ],
  },
  {
    id: 's4_1',
    title: { fr: 'ESRS S4-1 — Politiques relatives aux consommateurs', en: 'ESRS S4-1 — Policies related to consumers and end-users' },
    scope: {
      fr: 'Politiques de gestion des impacts sur les consommateurs : vie privée, information de qualité, marketing responsable.',
      en: 'Policies to manage impacts on consumers and end-users: privacy, access to quality information, responsible marketing.',
    },
    figures: [
      {
        id: 's4_1.purposes',
        label: { fr: 'Finalités de traitement dotées d’une notice publiée', en: 'Processing purposes with a published notice' },
        unit: 'count',
        source: { kind: 'records', source: 'purposes_with_notice' },
        recordsPath: '/app/privacy/purposes',
      },
    ],
  },
  {
    id: 's4_2',
    title: { fr: 'ESRS S4-2 — Dialogue avec les consommateurs', en: 'ESRS S4-2 — Engaging with consumers and end-users' },
    scope: {
      fr: 'Comment l’entreprise recueille l’avis des consommateurs sur ses impacts : notes données au traitement des réclamations, choix exprimés sur l’usage de leurs données.',
      en: 'How the company hears consumers on its impacts: scores given to complaint handling, choices made about the use of their data.',
    },
    figures: [
      { id: 's4_2.satisfaction', label: { fr: 'Satisfaction sur le traitement (1 à 5)', en: 'Satisfaction with handling (1 to 5)' }, unit: 'score', source: kpi('complaints.satisfaction') },
      { id: 's4_2.consent_rate', label: { fr: 'Taux de consentement', en: 'Consent rate' }, unit: 'percent', source: kpi('consent.consent_rate') },
    ],
  },
  {
    id: 's4_3',
    title: {
      fr: 'ESRS S4-3 — Remédiation et canaux pour exprimer des préoccupations',
      en: 'ESRS S4-3 — Remediation and channels to raise concerns',
    },
    scope: {
      fr: 'Canaux ouverts aux consommateurs (réclamations, demandes RGPD, médiateur) et suivi des sujets soulevés : délais, respect des engagements.',
      en: 'Channels open to consumers (complaints, GDPR requests, mediator) and how the issues raised are tracked: times, commitments kept.',
    },
    figures: [
      { id: 's4_3.complaints_received', label: { fr: 'Réclamations reçues', en: 'Complaints received' }, unit: 'count', source: kpi('complaints.received') },
      { id: 's4_3.complaints_closed', label: { fr: 'Réclamations clôturées', en: 'Complaints closed' }, unit: 'count', source: kpi('complaints.closed') },
      { id: 's4_3.ack_time', label: { fr: 'Délai d’accusé de réception (médiane)', en: 'Time to acknowledge (median)' }, unit: 'hours', source: kpi('complaints.ack_time.median') },
      { id: 's4_3.answer_time', label: { fr: 'Délai de réponse (médiane)', en: 'Time to answer (median)' }, unit: 'days', source: kpi('complaints.answer_time.median') },
      { id: 's4_3.sla_compliance', label: { fr: 'Réponses dans les délais', en: 'Answers on time' }, unit: 'percent', source: kpi('complaints.sla_compliance') },
      { id: 's4_3.mediator_referrals', label: { fr: 'Saisines du médiateur', en: 'Mediator referrals' }, unit: 'count', source: kpi('complaints.mediator_referrals') },
      { id: 's4_3.dsr_received', label: { fr: 'Demandes RGPD reçues', en: 'GDPR requests received' }, unit: 'count', source: kpi('dsr.received') },
      { id: 's4_3.dsr_on_time', label: { fr: 'Demandes RGPD traitées dans le délai', en: 'GDPR requests answered on time' }, unit: 'percent', source: kpi('dsr.on_time') },
    ],
  },
  {
    id: 's4_4',
    title: { fr: 'ESRS S4-4 — Actions et efficacité', en: 'ESRS S4-4 — Actions and their effectiveness' },
    scope: {
      fr: 'Actions sur les impacts matériels et mesure de leur efficacité : réclamations rouvertes, contacts refusés par le contrôle, constats sur les messages, retraits de consentement, notifications de violation dans les 72 heures.',
      en: 'Actions on material impacts and how their effectiveness is tracked: complaints reopened, contacts refused by the guard, findings on messages, consent withdrawals, breach notifications within 72 hours.',
    },
    figures: [
      { id: 's4_4.reopen_rate', label: { fr: 'Taux de réouverture', en: 'Reopen rate' }, unit: 'percent', source: kpi('complaints.reopen_rate') },
      { id: 's4_4.contacts_refused', label: { fr: 'Contacts refusés par le contrôle', en: 'Contacts refused by the guard' }, unit: 'count', source: kpi('contact.refused') },
      { id: 's4_4.message_findings', label: { fr: 'Constats pour 1 000 messages', en: 'Findings per 1,000 messages' }, unit: 'per_1000', source: kpi('messages.findings_per_1000') },
      { id: 's4_4.withdrawal_rate', label: { fr: 'Taux de retrait du consentement', en: 'Consent withdrawal rate' }, unit: 'percent', source: kpi('consent.withdrawal_rate') },
      { id: 's4_4.breaches_on_time', label: { fr: 'Violations notifiées dans les 72 heures', en: 'Breaches notified within 72 hours' }, unit: 'percent', source: kpi('breaches.notified_on_time') },
    ],
  },
  {
    id: 's4_5',
    title: { fr: 'ESRS S4-5 — Cibles', en: 'ESRS S4-5 — Targets' },
    scope: {
      fr: 'Cibles mesurables fixées aux indicateurs du rapport et leur atteinte sur la période.',
      en: 'Measurable targets set for the report’s indicators and whether the period met them.',
    },
    figures: [
      {
        id: 's4_5.targets_judged',
        label: { fr: 'Indicateurs avec une cible et une valeur', en: 'Indicators with a target and a value' },
        unit: 'count',
        source: { kind: 'records', source: 'targets_judged' },
      },
      { id: 's4_5.targets_met', label: { fr: 'dont cible atteinte', en: 'of which target met' }, unit: 'count', source: { kind: 'records', source: 'targets_met' } },
    ],
  },
];

/** Every figure of the report, in order. */
export const CSR_FIGURES: FigureDefinition[] = CSR_SECTIONS.flatMap((s) => s.figures);
