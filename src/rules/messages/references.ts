/**
 * The legal texts a message finding can cite (RULES.md, "Manipulation and aggressive selling",
 * "Transparency of prices and contracts", "Green claims"). One place, so a wording is cited the
 * same way everywhere and can be corrected once.
 *
 * French articles are cited without their item numbers (RULES.md gives the articles only).
 *
 * Why the message rules live in src/rules/messages/ and the classifier in src/core/messages/:
 * these lexicons are pure, dated legal rules (each cites its article; the green-claim bans apply
 * from 2026-09-27), like the rest of src/rules; the classifier is a statistical model that
 * shares triage's text code, which a pure rule module must not import.
 */
/**
 * Each reference in both reader languages: a French page cites « annexe I, point 7 », an English
 * one "Annex I No. 7" (the French text of a directive numbers inserted points « bis », « ter »…
 * where the English one says a, b…). Kept beside the rules, like their explanations, so the
 * `confiance lint` command needs no catalogue to cite them.
 */
export const REFERENCES = {
  // UCPD 2005/29/EC, transposed in C. consom. L.121-1 to L.121-7 and L.121-11.
  urgency: {
    en: 'UCPD Annex I No. 7 (C. consom. L.121-4)',
    fr: 'Directive 2005/29/CE, annexe I, point 7 (C. consom. L.121-4)',
  },
  scarcity: {
    en: 'UCPD Art. 6(1)(b) and Annex I No. 7 (C. consom. L.121-2, L.121-4)',
    fr: 'Directive 2005/29/CE, art. 6, § 1, b), et annexe I, point 7 (C. consom. L.121-2, L.121-4)',
  },
  socialProof: {
    en: 'UCPD Art. 6(1) and Annex I Nos. 23b-23c (Dir. 2019/2161; C. consom. L.121-2, L.121-4)',
    fr: 'Directive 2005/29/CE, art. 6, § 1, et annexe I, points 23 ter et 23 quater (directive 2019/2161 ; C. consom. L.121-2, L.121-4)',
  },
  misdirection: {
    en: 'UCPD Art. 8-9, aggressive practices (C. consom. L.121-6, L.121-7)',
    fr: 'Directive 2005/29/CE, art. 8 et 9, pratiques agressives (C. consom. L.121-6, L.121-7)',
  },
  sneaking: {
    en: 'UCPD Art. 7(4)(c), misleading omission (C. consom. L.121-3)',
    fr: 'Directive 2005/29/CE, art. 7, § 4, c), omission trompeuse (C. consom. L.121-3)',
  },
  obstruction: {
    en: 'UCPD Art. 9(d) (C. consom. L.121-7); C. consom. L.215-1-1 (termination online in three clicks)',
    fr: 'Directive 2005/29/CE, art. 9, d) (C. consom. L.121-7) ; C. consom. L.215-1-1 (résiliation en ligne en trois clics)',
  },
  forcedAction: {
    en: 'UCPD Art. 8-9 (C. consom. L.121-6); GDPR Art. 7(4) when consent is made a condition',
    fr: 'Directive 2005/29/CE, art. 8 et 9 (C. consom. L.121-6) ; RGPD, art. 7, § 4, quand le consentement est une condition',
  },
  pressure: {
    en: 'UCPD Art. 8-9 and Annex I No. 26 (C. consom. L.121-6, L.121-7)',
    fr: 'Directive 2005/29/CE, art. 8 et 9 et annexe I, point 26 (C. consom. L.121-6, L.121-7)',
  },
  misleadingFree: {
    en: 'UCPD Annex I No. 20 (C. consom. L.121-4)',
    fr: 'Directive 2005/29/CE, annexe I, point 20 (C. consom. L.121-4)',
  },
  children: {
    en: 'UCPD Annex I No. 28 (C. consom. L.121-7)',
    fr: 'Directive 2005/29/CE, annexe I, point 28 (C. consom. L.121-7)',
  },
  greenGeneric: {
    en: 'Dir. 2024/825: UCPD Annex I No. 4a, generic environmental claim (from 2026-09-27)',
    fr: 'Directive 2024/825 : directive 2005/29/CE, annexe I, point 4 bis, allégation environnementale générique (à partir du 27 septembre 2026)',
  },
  greenOffset: {
    en: 'Dir. 2024/825: UCPD Annex I No. 4c, neutral impact through offsetting (from 2026-09-27); C. env. L.229-68',
    fr: 'Directive 2024/825 : directive 2005/29/CE, annexe I, point 4 quater, impact neutre par compensation (à partir du 27 septembre 2026) ; C. env. L.229-68',
  },
  priceChange: {
    en: 'C. consom. L.224-33 (electronic communications, EECC Art. 105(4)), L.224-10 (energy); UCPD Art. 7',
    fr: 'C. consom. L.224-33 (communications électroniques, code européen des communications électroniques, art. 105, § 4), L.224-10 (énergie) ; directive 2005/29/CE, art. 7',
  },
  renewal: {
    en: 'C. consom. L.215-1 (tacit renewal notice)',
    fr: 'C. consom. L.215-1 (information sur la reconduction tacite)',
  },
  marketing: {
    en: 'CPCE L.34-5 (sender identified, easy opt-out in every message)',
    fr: 'CPCE L.34-5 (expéditeur identifié, moyen simple de s’opposer dans chaque message)',
  },
  reduction: {
    en: 'Dir. 98/6/EC Art. 6a; C. consom. L.112-1-1 (reference price: lowest of the previous 30 days)',
    fr: 'Directive 98/6/CE, art. 6 bis ; C. consom. L.112-1-1 (prix de référence : le plus bas des 30 derniers jours)',
  },
} as const satisfies Record<string, Record<'en' | 'fr', string>>;

export type ReferenceKey = keyof typeof REFERENCES;
