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
  key:
    | 'old_new_terms'
    | 'effective_date'
    | 'reason'
    | 'termination_right'
    | 'last_day_to_refuse'
    | 'sender'
    | 'opt_out'
    | 'reference_price'
    | 'wrong_percentage';
  severity: Severity;
  /**
   * An omission a pattern cannot be sure of alone (the opt-out or the reference price said in words no
   * pattern knows, a footer the sending system adds): high only beside a sign of manipulation in the
   * same text (findRuleFindings, `manipulationCue`), medium otherwise (shown and recorded, not flagged).
   */
  needsCue?: boolean;
  reference: ReferenceKey;
  start: number;
  end: number;
  /** For wrong_percentage: the announced and the recomputed percentages. */
  announced?: number;
  actual?: number;
}

const MONTHS =
  'jan(uary|vier)?|f[ée]v(rier)?|feb(ruary)?|mar(s|ch)?|avr(il)?|apr(il)?|mai|may|juin|june?|juil(let)?|july?|ao[ûu]t|aug(ust)?|sep(t(embre|ember)?)?|oct(obre|ober)?|nov(embre|ember)?|d[ée]c(embre|ember)?';
// [ \u00a0\u202f]: French typography puts a no-break space between the day and the month (« 15\u00a0mars »).
const DATE = new RegExp(
  `\\d{1,2}(er|st|nd|rd|th)?[ \u00a0\u202f](${MONTHS})([ \u00a0\u202f]\\d{4})?|(${MONTHS})[ \u00a0\u202f]\\d{1,2}(st|nd|rd|th)?|\\d{1,2}[/.-]\\d{1,2}([/.-]\\d{2,4})?|\\d{4}-\\d{2}-\\d{2}|(fin|d[ée]but|mi-|end of|early|mid-) ?(${MONTHS})|(le |au |avant le )\\d{1,2}(er)? (du|de chaque) mois`,
  'iu',
);
// [^.;] or a decimal point: "from £7.99 to £8.49" stays one clause.
const TWO_TERMS =
  /(from|de|passe de|goes from|rises from)\s(?:[^.;]|\.\d){0,40}\d(?:[^.;]|\.\d){0,30}\s(to|à|a)\s(?:[^.;]|\.\d){0,20}\d|au lieu de|instead of|(old|former|ancien|current|actuel)[^.;]{0,40}(new|nouveau|nouvel)/iu;
const REASON =
  /\b(because|due to|owing to|as a result of|following|reason|under the (indexation|index))\b|conform[ée]ment [àa]|index(ation|[ée]e?)|en raison d|du fait d|suite à|à la suite d|parce qu|\bcar\b|afin de|motivée? par|justifiée? par|raison/iu;
const TERMINATE =
  /terminat|cancel|end (your|the) contract|leave without|switch|without (cost|charge|penalty|fee)|r[ée]sili|sans (frais|p[ée]nalit[ée]|indemnit[ée])|rompre|mettre fin|changer de fournisseur|changer d['’]op[ée]rateur|quitter|refus|opposer|d[ée]non[cç]|ne pas accepter|n['’]acceptez pas|d[ée]sengager|sortir (du|de votre) contrat|mettre un terme|libre de (partir|changer|r[ée]silier)|cl[ôo]tur|arr[êe]ter votre (contrat|abonnement)|d[ée]sister|(supprimer|fermer|cl[ôo]turer) (votre|ton) compte|d[ée]sinscri|(ne|n['’]) (vous |te )?convient (plus|pas)|(demander|obtenir) (le |un )?rembours|(souscri\p{L}*|partir) chez un autre|changer (d['’]offre|de formule|de fournisseur)|annul|d[ée]sabonn|interromp|renonc|stopp|sans engagement|sans pr[ée]avis|ni frais|lib[ée]r(er|ez) (votre|le|la)|(leave|quit) (us|the (plan|service))|unsubscribe|opt out|walk away|no (exit|early termination|cancellation) (fee|charge)|free to leave/iu;
// A deadline, in figures or in words ("within four months", "dans un délai de quatre mois", "à tout moment").
const WITHIN =
  /within|until|by \d|before \d|no later than|at any time|jusqu|avant le|au plus tard|d['’]ici|d[ée]lai|[àa] tout moment|pendant (\d+|un|deux|trois|quatre|six|douze) (jours|mois)|dans les (\d+|deux|trois|quatre|six|douze) (jours|mois)|sous (\d+|un|deux|trois|quatre) (jours|mois)|[àa] compter d|(\d+|un|deux|trois|quatre|six) mois (suivant|apr[èe]s|[àa] compter|[àa] partir)|dans (le|les \p{L}+) (mois|jours|semaines) (qui suiv|suivant)|sans engagement|anytime|any time|(deadline|last day)|dernier (jour|d[ée]lai)|date limite/iu;
// A change plainly to the consumer's detriment (something dearer, removed, reduced or newly charged): the right to
// terminate is owed for it (EECC Art. 105(4), C. consom. L.224-33), so a notice silent on leaving surely lacks it.
const DETRIMENT =
  /augment|hausse|plus cher|suppri|ne (sera|seront|est|sont|fera|feront) plus|n['’](est|sont) plus|plus (inclus|compris)|d[ée]sormais (factur|payant)|devien(t|nent|dra|dront) payant|r[ée]dui|diminu|nouveaux? frais|increase|\brises?\b|dearer|more expensive|no longer|removed|will (now )?be charged|new (fee|charge)|reduced/iu;
// A change in the consumer's favour (a lower price, more service) does not open the right to terminate.
const FAVOURABLE =
  /(price|prix|tarif|mensualit[ée]|abonnement|forfait|cotisation|facture|frais|fee|bill)[^.;]{0,40}(baiss|diminu|moins cher|decreas|goes down|falls|lower|cut)|(baiss|diminu|r[ée]dui|suppri|lower|cut|reduc)\p{L}* (de |du |of |in )?(votre |vos |your |le |les |la |the |nos |our )?(prix|tarif|mensualit[ée]|facture|frais|cotisation|price|fee|bill)|sans suppl[ée]ment|(baisse|diminution|decrease|reduction) (de|du|of|in) (votre |your )?(prix|tarif|price)|bonne nouvelle|good news|am[ée]lior\p{L}* (de |du |des )?(votre|vos|your)|sans (changement|incidence|impact|modification|hausse) (de|sur|du) (votre |le )?(prix|tarif)|[àa] votre avantage|en votre faveur|sans surco[ûu]t|(sans|aucuns?) frais suppl[ée]mentaires?|at no extra (cost|charge)|in your favour/iu;
// EECC Art. 105(4) (C. consom. L.224-33): no right to terminate for changes purely administrative, or imposed by law.
// Also no change at all ("pas d'augmentation", "montants inchangés"), and prices no contract sets: a rent revised
// on the IRL (loi 89-462 art. 17-1, statutory indexation) and public-service prices set by an assembly's deliberation.
const NO_RIGHT_NEEDED =
  /pas d['’](augmentation|[ée]volution|hausse)|aucune (hausse|augmentation)|reste(nt)? (fix[ée]e?s?|inchang[ée]e?s?|identiques?|le m[êe]me|au m[êe]me)|(montants?|prix|tarifs?|cotisations?|mensualit[ée]s?)( et [\p{L}]+)? (restent |reste )?inchang[ée]e?s?|\birl\b|indice de r[ée]f[ée]rence des loyers|r[ée]vision (annuelle )?(de votre |du )?(loyer|bail)|d[ée]lib[ée]ration (du|de la|de l['’])|impos[ée]e?s? par (la loi|la r[ée]glementation|le l[ée]gislateur|un d[ée]cret|l['’][ée]tat)|(taux|hausse) de (la )?tva|purement administrati|index(ation|[ée]e?s?)|indice (des prix|de r[ée]f[ée]rence|syntec)|rien (d['’]autre )?ne change|conform[ée]ment [àa] la (nouvelle )?(loi|r[ée]glementation)|aucun changement pour vous|sans (cons[ée]quence|incidence|effet) pour vous|changement d['’]adresse|nouvelle adresse|(nouveau|nouvel) (num[ée]ro|nom|logo|identifiant|iban)|obligation (l[ée]gale|r[ée]glementaire)|(exig|impos)[ée]e?s? par (la )?(r[ée]glementation|directive)|\b(dsp2|psd2)\b|authentification forte|required by law|imposed by law|legal requirement|strong customer authentication|vat rate|purely administrative|index(ation|ed)|nothing changes for you/iu;
const REFUSE =
  /refus|opt out|not renew|cancel|terminat|object|stop|opposer|opposition|d[ée]non[cç]|ne pas (re)?conduire|ne pas (le |la )?renouveler|ne souhaitez pas|renoncer|mettre fin|arr[êe]ter|r[ée]sili|last day|date limite|dernier (jour|d[ée]lai)|jusqu['’](au|[àa])|avant (le|cette date|l['’][ée]ch[ée]ance)|au plus tard|annul|d[ée]sactiv|interromp|stopp|pr[ée]ven(ir|ez)|ne (voulez|d[ée]sirez|souhaitez) (pas|plus)|sauf (avis|demande|refus|si vous)|(switch|turn) (it )?off|deadline|don['’]t want|no longer want|by \d|before \d|until \d/iu;
// A contract that ends without renewing leaves nothing to refuse (L.215-1 is about tacit renewal).
const NO_RENEWAL =
  /(r[ée]siliable|r[ée]silier|annuler|arr[êe]ter|cancel|stop)\p{L}* [^.;]{0,40}(à|a) tout moment|sans engagement|at any time|anytime|no commitment|ne sera pas (renouvel|reconduit)|ne se (renouvelle|reconduit) pas|sans (reconduction|renouvellement) (tacite|automatique)|pas de (reconduction|renouvellement) (tacite|automatique)|will not (be )?renew|does not renew|no automatic renewal/iu;
const OPT_OUT =
  /unsubscribe|opt[- ]out|\bstop\b|no longer receive|manage (your )?preferences|(reply|text|send) \p{Lu}{2,}|d[ée]sinscri|d[ée]sabonn|ne plus (recevoir|[êe]tre (contact|sollicit|appel))|ne souhaitez plus|opposer|opposition|bloctel|r[ée]pond(ez|re) \p{Lu}{2,}|envoyez \p{Lu}{2,}|pr[ée]f[ée]rences|retirer votre consentement|g[ée]rer (vos|mes) (abonnements|choix|consentements|envois)|modifier (vos|mes) (choix|abonnements)|(mettre fin|renoncer) [àa] (ces|nos) (envois|messages|communications)|refuser (ces|nos|de recevoir)|retirer (votre|mon) accord|arr[êe]ter de recevoir|retirer de (notre|la|nos) liste|stop ?\d|plus de (sms|mails|e-mails|messages)|d[ée]sactiver (les |ces )?notifications|param[èe]tres (de )?(notification|communication)|continuer [àa] recevoir|(couper|d[ée]sactiver|d[ée]cocher) (ces|les|nos|ses) (notifications|alertes|envois|messages|sms)|r[ée]glages ?> ?notifications|(d[ée]sactiv|coup|d[ée]coch|suspend|arr[êe]t|limit)\p{L}* (les |ces |vos |nos |toutes? (les |ces |nos )?)?(notifications|alertes|envois|messages|sms|e-?mails|courriels|newsletters?|offres|communications|sollicitations)|refus\p{L}* (ces|nos|de recevoir|[àa] tout moment|gratuitement)|ne (voulez|souhaitez|d[ée]sirez) plus|lien de (d[ée]sinscription|d[ée]sabonnement)|(turn|switch) off (these |our |all )?(notifications|emails|messages|alerts|texts)|remove (you|yourself) from|(don['’]t|do not|no longer) (want|wish) to (receive|hear|get)/iu;
const SENDER =
  /(?<!\p{L})(ltd|plc|inc|llc|gmbh|sas|sarl|sa|sasu|eurl|scop|from the team|l['’][ée]quipe|de la part de|envoy[ée] par|exp[ée]diteur|sent by|si[èe]ge|registered office|rcs|siren|siret|company no)(?!\p{L})/iu;
// A name introduced ("This is Amy from...", "ici Amélie de..."): case matters, so a regex of its own.
const SENDER_NAME = /(this is|from|ici|de la part d['’]|the) \p{Lu}\p{L}+/u;
const PERCENT = /(-|−|–)?\s?(\d{1,2}(?:[.,]\d+)?)\s?%/gu;
const AMOUNT = /(\p{Sc})\s?(\d[\d\s  ]*(?:[.,]\d{1,2})?)|(\d[\d  ]*(?:[.,]\d{1,2})?)\s?(\p{Sc}|euros?|EUR)/giu;
const REFERENCE_CUE =
  /\b(was|reference price|lowest price|previously|before|usual price|instead of|regular price|rrp|last 30 days)\b|prix (de r[ée]f[ée]rence|le plus bas|ant[ée]rieur|pr[ée]c[ée]dent|initial|habituel|barr[ée]|pratiqu[ée]|normal|d['’]origine|public|avant)|plus bas (prix|pratiqu[ée])|(30|trente) derniers jours|pratiqu[ée]e? (depuis|du|entre|jusqu)|par rapport (au|à) prix|au lieu de|avant|anciennement|ancien prix|[ée]tait (à|de) \d|(30|trente) (derniers )?jours|\b(down from|reduced from|originally|lowest in the|previous 30 days|past 30 days)\b|contre \d|(co[ûu]tait|valait|affich[ée]e? [àa]) \d/iu;
const LOWEST_30_DAYS = /(30|trente) (derniers )?jours|plus bas|lowest|last 30 days/iu;
// Not price reductions in the sense of Dir. 98/6/EC Art. 6a (Commission guidance 2021/C 526/02, 2.1-2.2):
// loyalty schemes, conditional and bundled offers ("2 for the price of 1"), vouchers, personalised offers.
const NOT_A_REDUCTION =
  /fid[ée]lit[ée]|loyalty|carte (de )?(membre|fid)|members?['’]? (price|card)|(\d|deux|trois|two|three) pour le prix d|(\d|two|three) for the price of|(le )?(2e|deuxi[èe]me|second) (\p{L}+ ){0,2}(offert|gratuit|[àa] -)|bon d['’]achat|voucher|parrainage|referral|personnalis|personalised|lot de \d/iu;

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

/** Which way the text moves a price ("passe de 32 € à 29 €": down): the first two amounts of the change; undefined when it gives no two. */
function priceMove(text: string): 'down' | 'up' | undefined {
  const m = TWO_TERMS.exec(text);
  if (!m) return undefined;
  // "15 € instead of 18 €" names the new price first: the amount just before the words, then the one after.
  let before: number | undefined;
  let now: number | undefined;
  if (/au lieu de|instead of/iu.test(m[0])) {
    now = amountsOf(text.slice(0, m.index)).at(-1)?.value;
    before = amountsOf(text.slice(m.index))[0]?.value;
  } else {
    [before, now] = amountsOf(text.slice(m.index)).map((a) => a.value);
  }
  if (before === undefined || now === undefined || before === now) return undefined;
  return now < before ? 'down' : 'up';
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
  if (referencePrice === undefined && NOT_A_REDUCTION.test(text)) return [];
  // The reference price shown (a cue and an amount) is what Art. 6a asks; the percentage is recomputed when both prices are there.
  if (referencePrice === undefined && (!cue || amounts.length === 0)) {
    // The 30-day lowest price named without its amount is shown in part (medium); no reference at all, high.
    return [
      {
        key: 'reference_price',
        severity: cue && LOWEST_30_DAYS.test(text) ? 'medium' : 'high',
        needsCue: true,
        reference: 'reduction',
        ...whole(text),
      },
    ];
  }
  if (!percent || (referencePrice === undefined && amounts.length < 2)) return [];
  const announced = Number(percent[2]!.replace(',', '.'));
  let reference = referencePrice;
  if (reference === undefined) {
    // The amount nearest after the cue is the reference price.
    const after = amounts.filter((a) => a.index >= cue!.index).sort((a, b) => a.index - b.index)[0] ?? amounts[0]!;
    reference = after.value;
  }
  // The new price is one of the amounts below the reference; others are fees, options or thresholds
  // ("éco-participation 10 €", "livraison offerte dès 25 €"), so any of them giving the percentage will do.
  const below = amounts.map((a) => a.value).filter((v) => v < reference!);
  if (below.length === 0) return [];
  const percentOff = (v: number) => Math.round((1000 * (reference - v)) / reference) / 10;
  // Half a point of rounding either way is honest; more is a reduction not computed on the reference.
  if (below.some((v) => Math.abs(percentOff(v) - announced) <= 1)) return [];
  // Reported on the highest amount below the reference: the price the reduction leads to.
  const actual = percentOff(Math.max(...below));
  return [
    {
      key: 'wrong_percentage',
      severity: 'high',
      reference: 'reduction',
      start: percent.index,
      end: percent.index + percent[0].length,
      announced,
      actual,
    },
  ];
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
      // A price that rises is not in the customer's favour, whatever else the text says is better.
      const move = priceMove(text);
      const favourable = move === 'down' || (move !== 'up' && FAVOURABLE.test(text));
      if (!favourable && !NO_RIGHT_NEEDED.test(text) && (!TERMINATE.test(text) || !WITHIN.test(text))) {
        // No word of leaving at all is high: certain when the text raises a price or shows a change to the
        // customer's detriment; for another change (one that may need no right, EECC Art. 105(4)) only beside
        // a sign of manipulation. The right without its deadline, medium.
        const leaving = TERMINATE.test(text);
        gaps.push({
          key: 'termination_right',
          severity: leaving ? 'medium' : 'high',
          needsCue: !leaving && move !== 'up' && !DETRIMENT.test(text),
          reference: ref,
          ...span,
        });
      }
      break;
    }
    case 'renewal':
      // L.215-1: the last day on which the consumer can refuse renewal, shown visibly.
      // No date: the day cannot be shown; a date without any word of refusal hides the right itself. Both high.
      // Neither a date nor a word of refusal is certain; one without the other may be a wording no pattern knows.
      if (!NO_RENEWAL.test(text) && (!REFUSE.test(text) || !DATE.test(text))) {
        gaps.push({
          key: 'last_day_to_refuse',
          severity: 'high',
          needsCue: REFUSE.test(text) || DATE.test(text),
          reference: 'renewal',
          ...span,
        });
      }
      break;
    case 'marketing':
      if (!SENDER.test(text) && !SENDER_NAME.test(text)) gaps.push({ key: 'sender', severity: 'medium', reference: 'marketing', ...span });
      if (!OPT_OUT.test(text)) gaps.push({ key: 'opt_out', severity: 'high', needsCue: true, reference: 'marketing', ...span });
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
        ? {
            message: 'Les conditions actuelles et les nouvelles ne sont pas données toutes les deux.',
            suggestion: 'Indiquez l’ancien et le nouveau prix (ou condition) : « passe de 7,99 € à 8,49 € par mois ».',
          }
        : {
            message: 'The old and the new terms are not both stated.',
            suggestion: 'State the old and the new price (or term): "goes from £7.99 to £8.49 a month".',
          };
    case 'effective_date':
      return fr
        ? { message: 'La date d’entrée en vigueur manque.', suggestion: 'Indiquez la date : « à partir du 1er avril 2026 ».' }
        : { message: 'The effective date is missing.', suggestion: 'Give the date: "from 1 April 2026".' };
    case 'reason':
      return fr
        ? {
            message: 'La raison du changement n’est pas donnée.',
            suggestion: 'Expliquez pourquoi : « en raison de la hausse de nos coûts de réseau ».',
          }
        : { message: 'The reason for the change is not given.', suggestion: 'Say why: "because our network costs rose".' };
    case 'termination_right':
      return fr
        ? {
            message: 'Le droit de résilier sans frais et son délai ne sont pas indiqués.',
            suggestion: 'Ajoutez : « Si vous refusez ce changement, vous pouvez résilier sans frais jusqu’au 30 avril 2026. »',
          }
        : {
            message: 'The right to terminate without cost and its deadline are not stated.',
            suggestion: 'Add: "If you do not accept this change, you can end your contract without charge until 30 April 2026."',
          };
    case 'last_day_to_refuse':
      return fr
        ? {
            message: 'Le dernier jour pour refuser la reconduction n’apparaît pas.',
            suggestion: 'Affichez-le dans un encadré visible : « Dernier jour pour refuser la reconduction : 15 juin 2026 ».',
          }
        : {
            message: 'The last day to refuse the renewal is not shown.',
            suggestion: 'Show it in a visible box: "Last day to refuse renewal: 15 June 2026".',
          };
    case 'sender':
      return fr
        ? {
            message: 'L’expéditeur du message n’est pas identifié.',
            suggestion: 'Nommez l’entreprise qui envoie le message : « Envoyé par Énergie du Nord SA ».',
          }
        : { message: 'The sender is not identified.', suggestion: 'Name the company sending the message: "Sent by Northwind Energy Ltd".' };
    case 'opt_out':
      return fr
        ? {
            message: 'Aucun moyen simple de ne plus recevoir ces messages.',
            suggestion: 'Ajoutez : « Pour ne plus recevoir nos messages, répondez STOP ou cliquez sur Se désinscrire. »',
          }
        : {
            message: 'There is no easy way to stop these messages.',
            suggestion: 'Add: "To stop these messages, reply STOP or click Unsubscribe."',
          };
    case 'reference_price':
      return fr
        ? {
            message: 'Le prix de référence (le plus bas des 30 derniers jours) de la réduction n’est pas affiché.',
            suggestion: 'Affichez-le : « Prix de référence (le plus bas des 30 derniers jours) : 80 € ; maintenant 60 € (-25 %) ».',
          }
        : {
            message: 'The reference price of the reduction (the lowest of the previous 30 days) is not shown.',
            suggestion: 'Show it: "Reference price (lowest in the last 30 days): £80; now £60 (25 % off)".',
          };
    case 'wrong_percentage':
      return fr
        ? {
            message: `La réduction annoncée (${gap.announced} %) ne correspond pas au prix de référence : elle est de ${gap.actual} %.`,
            suggestion: `Annoncez -${gap.actual} % calculés sur le prix le plus bas des 30 derniers jours.`,
          }
        : {
            message: `The announced reduction (${gap.announced} %) does not match the reference price: it is ${gap.actual} %.`,
            suggestion: `Announce ${gap.actual} % off, computed on the lowest price of the previous 30 days.`,
          };
  }
}
