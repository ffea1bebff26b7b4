/**
 * Required information by message type (issue 12; RULES.md "Transparency of prices and
 * contracts", CPCE L.34-5), and the reduction check that recomputes the announced percentage
 * from the reference price (Dir. 98/6/EC Art. 6a; CJEU C-330/23 Aldi Süd; C. consom. L.112-1-1).
 */
import type { MessageLanguage, Severity } from './lexicon.ts';
import type { ReferenceKey } from './references.ts';

export const MESSAGE_TYPES = ['price_change', 'contract_change', 'renewal', 'marketing', 'reduction', 'other'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** One missing piece (or a wrong percentage), before localisation. */
export interface RequiredGap {
  key: 'old_new_terms' | 'effective_date' | 'reason' | 'termination_right' | 'last_day_to_refuse' | 'sender' | 'opt_out' | 'reference_price' | 'wrong_percentage';
  severity: Severity;
  reference: ReferenceKey;
  start: number;
  end: number;
  /** For wrong_percentage: the announced and the recomputed percentages. */
  announced?: number;
  actual?: number;
}

const MONTHS = 'jan(uary|vier)?|f[ée]v(rier)?|feb(ruary)?|mar(s|ch)?|avr(il)?|apr(il)?|mai|may|juin|june?|juil(let)?|july?|ao[ûu]t|aug(ust)?|sep(t(embre|ember)?)?|oct(obre|ober)?|nov(embre|ember)?|d[ée]c(embre|ember)?';
const DATE = new RegExp(`\\d{1,2}(er|st|nd|rd|th)? (${MONTHS})( \\d{4})?|(${MONTHS}) \\d{1,2}(st|nd|rd|th)?|\\d{1,2}[/.-]\\d{1,2}([/.-]\\d{2,4})?|\\d{4}-\\d{2}-\\d{2}`, 'iu');
// [^.;] or a decimal point: "from £7.99 to £8.49" stays one clause.
const TWO_TERMS = /(from|de|passe de|goes from|rises from)\s(?:[^.;]|\.\d){0,40}\d(?:[^.;]|\.\d){0,30}\s(to|à|a)\s(?:[^.;]|\.\d){0,20}\d|au lieu de|instead of|(old|former|ancien|current|actuel)[^.;]{0,40}(new|nouveau|nouvel)/iu;
const REASON = /\b(because|due to|owing to|as a result of|following|reason)\b|en raison d|du fait d|suite à|à la suite d|parce qu|\bcar\b|afin de|motivée? par|justifiée? par|raison/iu;
const TERMINATE = /terminat|cancel|end (your|the) contract|leave without|switch|without (cost|charge|penalty|fee)|résili|sans frais|sans pénalité|rompre|mettre fin|changer de fournisseur|quitter/iu;
// A deadline, in figures or in words ("within four months", "dans un délai de quatre mois").
const WITHIN = /within|until|by \d|before \d|no later than|jusqu|avant le|au plus tard|d['’]ici|délai|pendant (\d+|un|deux|trois|quatre|six|douze) (jours|mois)|dans les (\d+|deux|trois|quatre|six|douze) (jours|mois)|sous \d+ (jours|mois)|à compter d|(\d+|un|deux|trois|quatre) mois (suivant|après|à compter)/iu;
// A change in the consumer's favour (a lower price, more service) does not open the right to terminate.
const FAVOURABLE = /(price|prix|tarif|mensualité|abonnement|forfait)[^.;]{0,40}(baisse|diminue|moins cher|decreas|goes down|falls|lower)|(baisse|diminution|decrease|reduction) (de|du|of|in) (votre |your )?(prix|tarif|price)|bonne nouvelle|good news/iu;
const REFUSE = /refus|opt out|not renew|cancel|terminat|object|stop|s['’]opposer|vous opposer|ne pas (re)?conduire|ne pas (le |la )?renouveler|ne souhaitez pas|renoncer|mettre fin|arrêter|résili|last day|date limite|dernier jour|jusqu['’]au|avant le|au plus tard/iu;
const OPT_OUT = /unsubscribe|opt[- ]out|\bstop\b|no longer receive|manage (your )?preferences|(reply|text|send) \p{Lu}{2,}|désinscri|désabonn|ne plus (recevoir|être (contacté|sollicité))|vous opposer|répond(ez|re) \p{Lu}{2,}|envoyez \p{Lu}{2,}|préférences|retirer votre consentement/iu;
const SENDER = /(?<!\p{L})(ltd|plc|inc|llc|gmbh|sas|sarl|sa|sasu|eurl|scop|from the team|l['’]équipe|de la part de|envoyé par|sent by|siège|registered office|rcs|siren|siret|company no)(?!\p{L})/iu;
// A name introduced ("This is Amy from...", "ici Amélie de..."): case matters, so a regex of its own.
const SENDER_NAME = /(this is|from|ici|de la part d['’]|the) \p{Lu}\p{L}+/u;
const PERCENT = /(-|−|–)?\s?(\d{1,2}(?:[.,]\d+)?)\s?%/gu;
const AMOUNT = /(\p{Sc})\s?(\d[\d\s  ]*(?:[.,]\d{1,2})?)|(\d[\d  ]*(?:[.,]\d{1,2})?)\s?(\p{Sc}|euros?|EUR)/giu;
const REFERENCE_CUE = /\b(was|reference price|lowest price|previously|before|usual price|instead of|regular price|rrp)\b|prix (de référence|le plus bas|antérieur|précédent|initial|habituel|barré|pratiqué)|plus bas (prix|pratiqué)|au lieu de|avant|ancien prix/iu;

const whole = (text: string) => ({ start: 0, end: text.length });

function amountsOf(text: string): Array<{ value: number; index: number }> {
  const found: Array<{ value: number; index: number }> = [];
  for (const m of text.matchAll(AMOUNT)) {
    const raw = (m[2] ?? m[3] ?? '').replace(/[\s  ]/g, '').replace(',', '.');
    const value = Number(raw);
    if (Number.isFinite(value) && value > 0) found.push({ value, index: m.index });
  }
  return found;
}

/**
 * The reduction check: the announced percentage against the one recomputed from the reference
 * price (the lowest of the previous 30 days, `referencePrice`, when the offer history is known;
 * otherwise the price the text gives as reference) and the new price in the text.
 */
function reductionGaps(text: string, referencePrice?: number): RequiredGap[] {
  const percent = [...text.matchAll(PERCENT)][0];
  const amounts = amountsOf(text);
  const cue = REFERENCE_CUE.exec(text);
  if (referencePrice === undefined && (!cue || amounts.length < 2)) {
    return [{ key: 'reference_price', severity: 'high', reference: 'reduction', ...whole(text) }];
  }
  if (!percent) return [];
  const announced = Number(percent[2]!.replace(',', '.'));
  let reference = referencePrice;
  if (reference === undefined) {
    // The amount nearest after the cue is the reference price.
    const after = amounts.filter((a) => a.index >= cue!.index).sort((a, b) => a.index - b.index)[0] ?? amounts[0]!;
    reference = after.value;
  }
  const current = amounts.map((a) => a.value).filter((v) => v < reference!).sort((a, b) => a - b)[0];
  if (current === undefined) return [];
  const actual = Math.round((1000 * (reference - current)) / reference) / 10;
  // Half a point of rounding either way is honest; more is a reduction not computed on the reference.
  if (Math.abs(actual - announced) <= 1) return [];
  return [{ key: 'wrong_percentage', severity: 'high', reference: 'reduction', start: percent.index, end: percent.index + percent[0].length, announced, actual }];
}

/** What a message of the given type lacks; an empty list when nothing required is missing. */
export function requiredGaps(text: string, type: MessageType, options: { referencePrice?: number } = {}): RequiredGap[] {
  const gaps: RequiredGap[] = [];
  const span = whole(text);
  switch (type) {
    case 'price_change':
    case 'contract_change': {
      const ref: ReferenceKey = 'priceChange';
      if (!TWO_TERMS.test(text)) gaps.push({ key: 'old_new_terms', severity: 'medium', reference: ref, ...span });
      if (!DATE.test(text)) gaps.push({ key: 'effective_date', severity: 'medium', reference: ref, ...span });
      if (!REASON.test(text)) gaps.push({ key: 'reason', severity: 'low', reference: ref, ...span });
      // L.224-33, L.224-10: the right to terminate without cost, and until when.
      // No word of termination at all is high; the right named without its deadline, medium.
      if (!FAVOURABLE.test(text) && (!TERMINATE.test(text) || !WITHIN.test(text))) {
        gaps.push({ key: 'termination_right', severity: TERMINATE.test(text) ? 'medium' : 'high', reference: ref, ...span });
      }
      break;
    }
    case 'renewal':
      // L.215-1: the last day on which the consumer can refuse renewal, shown visibly.
      // No date at all is high (the day cannot be shown); a date without a word of refusal, medium.
      if (!REFUSE.test(text) || !DATE.test(text)) gaps.push({ key: 'last_day_to_refuse', severity: DATE.test(text) ? 'medium' : 'high', reference: 'renewal', ...span });
      break;
    case 'marketing':
      if (!SENDER.test(text) && !SENDER_NAME.test(text)) gaps.push({ key: 'sender', severity: 'medium', reference: 'marketing', ...span });
      if (!OPT_OUT.test(text)) gaps.push({ key: 'opt_out', severity: 'high', reference: 'marketing', ...span });
      break;
    case 'reduction':
      gaps.push(...reductionGaps(text, options.referencePrice));
      break;
    case 'other':
      break;
  }
  return gaps;
}

/** What each gap says, in the reader's language. */
export function gapText(gap: RequiredGap, lang: MessageLanguage): { message: string; suggestion: string } {
  const fr = lang === 'fr';
  switch (gap.key) {
    case 'old_new_terms':
      return fr
        ? { message: 'Les conditions actuelles et les nouvelles ne sont pas données toutes les deux.', suggestion: 'Indiquez l’ancien et le nouveau prix (ou condition) : « passe de 7,99 € à 8,49 € par mois ».' }
        : { message: 'The old and the new terms are not both stated.', suggestion: 'State the old and the new price (or term): "goes from £7.99 to £8.49 a month".' };
    case 'effective_date':
      return fr
        ? { message: 'La date d’entrée en vigueur manque.', suggestion: 'Indiquez la date : « à partir du 1er avril 2026 ».' }
        : { message: 'The effective date is missing.', suggestion: 'Give the date: "from 1 April 2026".' };
    case 'reason':
      return fr
        ? { message: 'La raison du changement n’est pas donnée.', suggestion: 'Expliquez pourquoi : « en raison de la hausse de nos coûts de réseau ».' }
        : { message: 'The reason for the change is not given.', suggestion: 'Say why: "because our network costs rose".' };
    case 'termination_right':
      return fr
        ? { message: 'Le droit de résilier sans frais et son délai ne sont pas indiqués.', suggestion: 'Ajoutez : « Si vous refusez ce changement, vous pouvez résilier sans frais jusqu’au 30 avril 2026. »' }
        : { message: 'The right to terminate without cost and its deadline are not stated.', suggestion: 'Add: "If you do not accept this change, you can end your contract without charge until 30 April 2026."' };
    case 'last_day_to_refuse':
      return fr
        ? { message: 'Le dernier jour pour refuser la reconduction n’apparaît pas.', suggestion: 'Affichez-le dans un encadré visible : « Dernier jour pour refuser la reconduction : 15 juin 2026 ».' }
        : { message: 'The last day to refuse the renewal is not shown.', suggestion: 'Show it in a visible box: "Last day to refuse renewal: 15 June 2026".' };
    case 'sender':
      return fr
        ? { message: 'L’expéditeur du message n’est pas identifié.', suggestion: 'Nommez l’entreprise qui envoie le message : « Envoyé par Énergie du Nord SA ».' }
        : { message: 'The sender is not identified.', suggestion: 'Name the company sending the message: "Sent by Northwind Energy Ltd".' };
    case 'opt_out':
      return fr
        ? { message: 'Aucun moyen simple de ne plus recevoir ces messages.', suggestion: 'Ajoutez : « Pour ne plus recevoir nos messages, répondez STOP ou cliquez sur Se désinscrire. »' }
        : { message: 'There is no easy way to stop these messages.', suggestion: 'Add: "To stop these messages, reply STOP or click Unsubscribe."' };
    case 'reference_price':
      return fr
        ? { message: 'Le prix de référence (le plus bas des 30 derniers jours) de la réduction n’est pas affiché.', suggestion: 'Affichez-le : « Prix de référence (le plus bas des 30 derniers jours) : 80 € ; maintenant 60 € (-25 %) ».' }
        : { message: 'The reference price of the reduction (the lowest of the previous 30 days) is not shown.', suggestion: 'Show it: "Reference price (lowest in the last 30 days): £80; now £60 (25 % off)".' };
    case 'wrong_percentage':
      return fr
        ? { message: `La réduction annoncée (${gap.announced} %) ne correspond pas au prix de référence : elle est de ${gap.actual} %.`, suggestion: `Annoncez -${gap.actual} % calculés sur le prix le plus bas des 30 derniers jours.` }
        : { message: `The announced reduction (${gap.announced} %) does not match the reference price: it is ${gap.actual} %.`, suggestion: `Announce ${gap.actual} % off, computed on the lowest price of the previous 30 days.` };
  }
}
