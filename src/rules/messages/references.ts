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
export const REFERENCES = {
  // UCPD 2005/29/EC, transposed in C. consom. L.121-1 to L.121-7 and L.121-11.
  urgency: 'UCPD Annex I No. 7 (C. consom. L.121-4)',
  scarcity: 'UCPD Art. 6(1)(b) and Annex I No. 7 (C. consom. L.121-2, L.121-4)',
  socialProof: 'UCPD Art. 6(1) and Annex I Nos. 23b-23c (Dir. 2019/2161; C. consom. L.121-2, L.121-4)',
  misdirection: 'UCPD Art. 8-9, aggressive practices (C. consom. L.121-6, L.121-7)',
  sneaking: 'UCPD Art. 7(4)(c), misleading omission (C. consom. L.121-3)',
  obstruction: 'UCPD Art. 9(d) (C. consom. L.121-7); C. consom. L.215-1-1 (termination online in three clicks)',
  forcedAction: 'UCPD Art. 8-9 (C. consom. L.121-6); GDPR Art. 7(4) when consent is made a condition',
  pressure: 'UCPD Art. 8-9 and Annex I No. 26 (C. consom. L.121-6, L.121-7)',
  misleadingFree: 'UCPD Annex I No. 20 (C. consom. L.121-4)',
  children: 'UCPD Annex I No. 28 (C. consom. L.121-7)',
  greenGeneric: 'Dir. 2024/825: UCPD Annex I No. 4a, generic environmental claim (from 2026-09-27)',
  greenOffset: 'Dir. 2024/825: UCPD Annex I No. 4c, neutral impact through offsetting (from 2026-09-27); C. env. L.229-68',
  priceChange: 'C. consom. L.224-33 (electronic communications, EECC Art. 105(4)), L.224-10 (energy); UCPD Art. 7',
  renewal: 'C. consom. L.215-1 (tacit renewal notice)',
  marketing: 'CPCE L.34-5 (sender identified, easy opt-out in every message)',
  reduction: 'Dir. 98/6/EC Art. 6a; C. consom. L.112-1-1 (reference price: lowest of the previous 30 days)',
} as const;

export type ReferenceKey = keyof typeof REFERENCES;
