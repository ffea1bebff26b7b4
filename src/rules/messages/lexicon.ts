/**
 * Explainable rules of the message checker: fr and en patterns per category, written from the
 * categories' definitions (RULES.md; Mathur et al. 2019) and never from an evaluation set.
 *
 * Every pattern needs a pressure cue (a word of hurry, scarcity, shame, obligation...): a number,
 * a price or a date alone is never a finding, so invoices and notices stay clean. A pattern runs
 * on the original text (case-insensitive), so its match gives the span in UTF-16 code units.
 */
import type { ReferenceKey } from './references.ts';

export const MESSAGE_CATEGORIES = [
  'urgency',
  'scarcity',
  'social_proof',
  'misdirection',
  'sneaking',
  'obstruction',
  'forced_action',
  'pressure',
  'misleading_free',
  'children',
  'greenwashing',
  'missing_information',
] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type MessageLanguage = 'fr' | 'en';
export type Localised = Record<MessageLanguage, string>;

export interface PatternRule {
  id: string;
  category: MessageCategory;
  /** Language of the texts the pattern reads. */
  lang: MessageLanguage;
  /** Reads the folded text (fold.ts: lower case, no accents, same length). */
  pattern: RegExp;
  severity: Severity;
  reference: ReferenceKey;
  /** Day the rule starts to apply (ISO date); absent: applies to every message. */
  from?: string;
  /** A match does not count when its sentence also matches this (a negation, a source, a choice). */
  unless?: RegExp;
  /** A match counts only when its sentence also matches this (what the technique needs beside its cue). */
  requires?: RegExp;
}

/** Options of a rule beyond its pattern. */
export interface RuleOptions {
  from?: string;
  unless?: string;
  requires?: string;
}

/** What each category's finding says and suggests, in the reader's language. */
export const CATEGORY_TEXT: Record<MessageCategory, { message: Localised; suggestion: Localised }> = {
  urgency: {
    message: {
      en: 'Time pressure: a deadline or countdown pushes the reader to decide at once. A false limited-time claim is banned in all circumstances.',
      fr: 'Pression du temps : un délai ou un compte à rebours pousse à décider tout de suite. Une fausse limitation dans le temps est interdite en toutes circonstances.',
    },
    suggestion: {
      en: 'State the real end date calmly: "This offer is valid until 30 June."',
      fr: 'Indiquez la date de fin réelle, sans presser : « Offre valable jusqu’au 30 juin. »',
    },
  },
  scarcity: {
    message: {
      en: 'Scarcity claim: a low stock or high demand is put forward to hurry the purchase; it must be true and not misleading.',
      fr: 'Rareté mise en avant : un stock faible ou une forte demande sert à presser l’achat ; l’affirmation doit être exacte et non trompeuse.',
    },
    suggestion: {
      en: 'Show availability plainly ("In stock" / "Out of stock") without pressure.',
      fr: 'Indiquez la disponibilité simplement (« En stock » / « Épuisé »), sans pression.',
    },
  },
  social_proof: {
    message: {
      en: 'Social proof: what other people do is used to push the reader; fake or unverifiable activity and reviews are banned.',
      fr: 'Preuve sociale : le comportement d’autres clients sert à pousser la décision ; une activité ou des avis invérifiables sont interdits.',
    },
    suggestion: {
      en: 'Remove the activity message, or show verified reviews and say how they are checked.',
      fr: 'Retirez ce message d’activité, ou montrez des avis vérifiés en expliquant comment ils le sont.',
    },
  },
  misdirection: {
    message: {
      en: 'Confirmshaming or misdirection: the choice to decline is worded to make the reader feel guilty or foolish.',
      fr: 'Culpabilisation ou détournement : le refus est formulé pour faire honte ou culpabiliser.',
    },
    suggestion: { en: 'Use a neutral refusal: "No thanks".', fr: 'Proposez un refus neutre : « Non merci ».' },
  },
  sneaking: {
    message: {
      en: 'Hidden cost: a fee or product is added or revealed late; the total price with every charge must be given up front.',
      fr: 'Coût caché : des frais ou un produit sont ajoutés ou révélés tardivement ; le prix total, frais compris, doit être donné d’emblée.',
    },
    suggestion: {
      en: 'Give the total price including every fee at the start, and let the customer add options themselves.',
      fr: 'Donnez dès le début le prix total, tous frais compris, et laissez le client ajouter lui-même les options.',
    },
  },
  obstruction: {
    message: {
      en: 'Obstruction: leaving or cancelling is made harder than signing up.',
      fr: 'Obstruction : résilier ou se désabonner est rendu plus difficile que souscrire.',
    },
    suggestion: {
      en: 'Offer cancellation by the same channel as sign-up, online in a few clicks: "Cancel your contract".',
      fr: 'Permettez de résilier par le même canal que la souscription, en ligne en quelques clics : « Résilier votre contrat ».',
    },
  },
  forced_action: {
    message: {
      en: 'Forced action: the reader must accept something unrelated (an account, marketing, data sharing) to get what they asked for.',
      fr: 'Action forcée : il faut accepter autre chose (un compte, de la prospection, un partage de données) pour obtenir ce qui est demandé.',
    },
    suggestion: {
      en: 'Make the extra step optional and ask for consent separately, unticked.',
      fr: 'Rendez l’étape supplémentaire facultative et demandez le consentement à part, case non cochée.',
    },
  },
  pressure: {
    message: {
      en: 'Pressure: threats, ultimatums or repeated solicitation push the reader to act against their own choice.',
      fr: 'Pression : menaces, ultimatums ou sollicitations répétées poussent à agir contre son propre choix.',
    },
    suggestion: {
      en: 'Say what happens next and by when, and how the customer can say no.',
      fr: 'Dites ce qui se passera et à quelle date, et comment le client peut refuser.',
    },
  },
  misleading_free: {
    message: {
      en: '"Free" that is not free: the reader will pay something (a subscription after the trial, fees) that the word hides.',
      fr: '« Gratuit » qui ne l’est pas : le client paiera quelque chose (un abonnement après l’essai, des frais) que le mot masque.',
    },
    suggestion: {
      en: 'Give the price that follows and how to stop before paying: "Trial until 30 June, then £9.99 a month unless you cancel."',
      fr: 'Donnez le prix qui suit et comment arrêter avant de payer : « Essai jusqu’au 30 juin, puis 9,99 € par mois sauf résiliation. »',
    },
  },
  children: {
    message: {
      en: 'Direct exhortation to children to buy or to get their parents to buy: banned in all circumstances.',
      fr: 'Incitation directe des enfants à acheter ou à faire acheter leurs parents : interdite en toutes circonstances.',
    },
    suggestion: {
      en: 'Address the adults who decide, and describe the product without urging children.',
      fr: 'Adressez-vous aux adultes qui décident, et décrivez le produit sans inciter les enfants.',
    },
  },
  greenwashing: {
    message: {
      en: 'Generic or offset-based environmental claim: banned unless backed by recognised excellent environmental performance (and never on offsetting alone).',
      fr: 'Allégation environnementale générique ou fondée sur la compensation : interdite sans performance environnementale excellente reconnue (et jamais sur la seule compensation).',
    },
    suggestion: {
      en: 'Make a specific, verifiable claim: "Packaging made of 80 % recycled cardboard (certified FSC)".',
      fr: 'Faites une allégation précise et vérifiable : « Emballage en carton recyclé à 80 % (certifié FSC) ».',
    },
  },
  missing_information: {
    message: { en: 'Required information is missing.', fr: 'Une information obligatoire manque.' },
    suggestion: { en: 'Add the missing information.', fr: 'Ajoutez l’information manquante.' },
  },
};

// Apostrophes as typed or typographic.
const A = "['’]";

/** A rule whose pattern matches whole words only (sources are written for folded text). */
export function rule(
  id: string,
  category: MessageCategory,
  lang: MessageLanguage,
  source: string,
  severity: Severity,
  reference: ReferenceKey,
  options: RuleOptions = {},
): PatternRule {
  // \b does not see accented letters as word characters: (?<![\p{L}\p{N}]) and (?![\p{L}]) do.
  return {
    id,
    category,
    lang,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}])`, 'gu'),
    severity,
    reference,
    ...(options.from ? { from: options.from } : {}),
    ...(options.unless ? { unless: new RegExp(options.unless, 'u') } : {}),
    ...(options.requires ? { requires: new RegExp(options.requires, 'u') } : {}),
  };
}

/** Green-claim bans of Dir. 2024/825 apply from this day. */
export const GREEN_CLAIMS_FROM = '2026-09-27';

/** The English rules (the French ones: french.ts). */
export const ENGLISH_RULES: readonly PatternRule[] = [
  // ---- English
  rule(
    'en.urgency.hurry',
    'urgency',
    'en',
    `hurry( up)?|act (now|fast|quickly)|don${A}?t (wait|delay|miss (out|it|this))|last chance|now or never|before it${A}?s too late|limited[- ]time( only| offer)?|ends? (today|tonight|soon|at midnight)|expires? (today|tonight|soon|at midnight|in \\d+ (minutes?|hours?|mins?))|only \\d+ (hours?|minutes?|mins?) (left|remaining)|(offer|sale|deal|price) ends in|flash sale|today only|while you still can|countdown|time is running out|(deal|offer) of the day`,
    'high',
    'urgency',
  ),
  rule(
    'en.scarcity.stock',
    'scarcity',
    'en',
    `only \\d+ (left|remaining|in stock|available)|(just|only) a few (left|remaining)|\\d+ left in stock|(low|limited) (stock|availability|supply|quantities)|almost (gone|sold out)|selling (out )?fast|in (high )?demand|going fast|few (items|seats|rooms|tickets) left|last (one|item|few|seats|rooms)( left)?`,
    'medium',
    'scarcity',
  ),
  rule(
    'en.social.activity',
    'social_proof',
    'en',
    `\\d[\\d,]* (people|customers|shoppers|others|users|visitors) (are |have )?(viewing|looking|watching|bought|purchased|ordered|added|booked|just)|(just |recently )(bought|purchased|ordered|booked)|(someone|somebody) in [\\p{L} ]+ (just )?(bought|purchased)|everyone (is buying|loves)|bestseller|best[- ]selling|trending now|most popular choice|customers who bought`,
    'medium',
    'socialProof',
  ),
  rule(
    'en.misdirection.shame',
    'misdirection',
    'en',
    `no,? thanks?,? i${A}?(d rather|m not|ll (pass|stay|miss|keep)|(don${A}?t|do not) (want|like|need|care))|i (prefer|would rather|${A}?d rather) (pay(ing)? (full|more)|miss out|not save|stay)|i (don${A}?t|do not) (like|want) (free|saving|savings|discounts|deals|money)|i${A}?ll pay full price|no,? i (hate|don${A}?t want) (saving|money|deals)`,
    'high',
    'misdirection',
  ),
  rule(
    'en.sneaking.fees',
    'sneaking',
    'en',
    `(service|booking|handling|processing|admin(istration)?|convenience) fees? (will be |are |is )?(added|applied|charged|apply|not included)( at checkout)?|fees? (added|applied|shown) at checkout|excluding (fees|charges|taxes)|(plus|\\+) (fees|charges) at checkout|(automatically|has been|have been) added to your (cart|basket|order)|added (insurance|protection|donation) to your`,
    'high',
    'sneaking',
  ),
  rule(
    'en.obstruction.cancel',
    'obstruction',
    'en',
    `(to cancel|cancellations?|to unsubscribe|to close your account)[^.]{0,60}(only |must )?(by (phone|post|registered (letter|mail)|fax|calling)|call (us|our)|send (us )?(a |an )?(registered |written )?(letter|request)|in writing|visit (a|one of our) (store|shop|branch))|cannot (be )?cancel(led)? online|can${A}?t (cancel|unsubscribe) online`,
    'medium',
    'obstruction',
  ),
  rule(
    'en.forced.account',
    'forced_action',
    'en',
    `(you must|you need to|required to|have to) (create an account|sign up|register|subscribe|accept (our )?(marketing|newsletter|offers|partners)|share (your )?contacts|install (our|the) app)[^.]{0,40}(to|before|in order to) (continue|view|see|access|download|get|read|finish|complete)|by (continuing|clicking|using)[^.]{0,60}(you )?(agree|accept|consent) to (receive|our (marketing|newsletter|partners))`,
    'high',
    'forcedAction',
  ),
  rule(
    'en.pressure.threat',
    'pressure',
    'en',
    `final (warning|notice|demand)|last warning|you (will|${A}ll) (lose|regret|miss out)|you${A}?ll be sorry|failure to (act|respond|reply|buy|sign)|(act|reply|respond|sign|decide) (immediately|right now|today)|we will (keep|continue) (calling|contacting|writing)|until you (say yes|accept|buy|sign)|don${A}?t (let (this|it) (slip|go)|think twice)|you${A}?d be (crazy|mad|foolish)|only a fool|what are you waiting for`,
    'medium',
    'pressure',
  ),
  rule(
    'en.free.then',
    'misleading_free',
    'en',
    `free[^.;]{0,80}(then|after which|after that|thereafter)[^.;]{0,30}(\\p{Sc}\\s?\\d|\\d[\\d.,]*\\s?\\p{Sc}|charged|billed|automatically)|free[^.;]{0,60}(just|only) pay( for)? (shipping|postage|the fees|handling)|free[^.;]{0,40}(with|when you) (subscribe|purchase|buy|sign up)[^.;]{0,40}(\\p{Sc}|per month|a month)|free\\*`,
    'medium',
    'misleadingFree',
  ),
  rule(
    'en.children.exhort',
    'children',
    'en',
    `ask (your )?(mum|mom|mummy|mommy|dad|daddy|parents?|grown[- ]ups?) (to|for)|kids,? (buy|get|grab|tell|ask)|tell (your )?(mum|mom|dad|parents) (to|you want)|get your parents to`,
    'high',
    'children',
  ),
  rule(
    'en.green.generic',
    'greenwashing',
    'en',
    `eco[- ]?friendly|environmentally friendly|planet[- ]friendly|climate[- ]friendly|earth[- ]friendly|good for the planet|kind to the (planet|earth)|green (product|choice|energy|brand)|100 ?% green|sustainable (choice|product|brand)|natural and eco`,
    'high',
    'greenGeneric',
    { from: GREEN_CLAIMS_FROM },
  ),
  rule(
    'en.green.offset',
    'greenwashing',
    'en',
    `carbon[- ](neutral|negative|positive|free)|climate[- ](neutral|positive)|net[- ]zero|zero (carbon|emissions?)|co2[- ]neutral|offsets? (all )?(your|its|our) (emissions|carbon|footprint)`,
    'high',
    'greenOffset',
    { from: GREEN_CLAIMS_FROM },
  ),
];
