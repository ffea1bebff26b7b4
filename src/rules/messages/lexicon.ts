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
  pattern: RegExp;
  severity: Severity;
  reference: ReferenceKey;
  /** Day the rule starts to apply (ISO date); absent: applies to every message. */
  from?: string;
}

/** What each category's finding says and suggests, in the reader's language. */
export const CATEGORY_TEXT: Record<MessageCategory, { message: Localised; suggestion: Localised }> = {
  urgency: {
    message: {
      en: 'Time pressure: a deadline or countdown pushes the reader to decide at once. A false limited-time claim is banned in all circumstances.',
      fr: 'Pression du temps : un délai ou un compte à rebours pousse à décider tout de suite. Une fausse limitation dans le temps est interdite en toutes circonstances.',
    },
    suggestion: { en: 'State the real end date calmly: "This offer is valid until 30 June."', fr: 'Indiquez la date de fin réelle, sans presser : « Offre valable jusqu’au 30 juin. »' },
  },
  scarcity: {
    message: {
      en: 'Scarcity claim: a low stock or high demand is put forward to hurry the purchase; it must be true and not misleading.',
      fr: 'Rareté mise en avant : un stock faible ou une forte demande sert à presser l’achat ; l’affirmation doit être exacte et non trompeuse.',
    },
    suggestion: { en: 'Show availability plainly ("In stock" / "Out of stock") without pressure.', fr: 'Indiquez la disponibilité simplement (« En stock » / « Épuisé »), sans pression.' },
  },
  social_proof: {
    message: {
      en: 'Social proof: what other people do is used to push the reader; fake or unverifiable activity and reviews are banned.',
      fr: 'Preuve sociale : le comportement d’autres clients sert à pousser la décision ; une activité ou des avis invérifiables sont interdits.',
    },
    suggestion: { en: 'Remove the activity message, or show verified reviews and say how they are checked.', fr: 'Retirez ce message d’activité, ou montrez des avis vérifiés en expliquant comment ils le sont.' },
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
    suggestion: { en: 'Give the total price including every fee at the start, and let the customer add options themselves.', fr: 'Donnez dès le début le prix total, tous frais compris, et laissez le client ajouter lui-même les options.' },
  },
  obstruction: {
    message: {
      en: 'Obstruction: leaving or cancelling is made harder than signing up.',
      fr: 'Obstruction : résilier ou se désabonner est rendu plus difficile que souscrire.',
    },
    suggestion: { en: 'Offer cancellation by the same channel as sign-up, online in a few clicks: "Cancel your contract".', fr: 'Permettez de résilier par le même canal que la souscription, en ligne en quelques clics : « Résilier votre contrat ».' },
  },
  forced_action: {
    message: {
      en: 'Forced action: the reader must accept something unrelated (an account, marketing, data sharing) to get what they asked for.',
      fr: 'Action forcée : il faut accepter autre chose (un compte, de la prospection, un partage de données) pour obtenir ce qui est demandé.',
    },
    suggestion: { en: 'Make the extra step optional and ask for consent separately, unticked.', fr: 'Rendez l’étape supplémentaire facultative et demandez le consentement à part, case non cochée.' },
  },
  pressure: {
    message: {
      en: 'Pressure: threats, ultimatums or repeated solicitation push the reader to act against their own choice.',
      fr: 'Pression : menaces, ultimatums ou sollicitations répétées poussent à agir contre son propre choix.',
    },
    suggestion: { en: 'Say what happens next and by when, and how the customer can say no.', fr: 'Dites ce qui se passera et à quelle date, et comment le client peut refuser.' },
  },
  misleading_free: {
    message: {
      en: '"Free" that is not free: the reader will pay something (a subscription after the trial, fees) that the word hides.',
      fr: '« Gratuit » qui ne l’est pas : le client paiera quelque chose (un abonnement après l’essai, des frais) que le mot masque.',
    },
    suggestion: { en: 'Give the price that follows and how to stop before paying: "Trial until 30 June, then £9.99 a month unless you cancel."', fr: 'Donnez le prix qui suit et comment arrêter avant de payer : « Essai jusqu’au 30 juin, puis 9,99 € par mois sauf résiliation. »' },
  },
  children: {
    message: {
      en: 'Direct exhortation to children to buy or to get their parents to buy: banned in all circumstances.',
      fr: 'Incitation directe des enfants à acheter ou à faire acheter leurs parents : interdite en toutes circonstances.',
    },
    suggestion: { en: 'Address the adults who decide, and describe the product without urging children.', fr: 'Adressez-vous aux adultes qui décident, et décrivez le produit sans inciter les enfants.' },
  },
  greenwashing: {
    message: {
      en: 'Generic or offset-based environmental claim: banned unless backed by recognised excellent environmental performance (and never on offsetting alone).',
      fr: 'Allégation environnementale générique ou fondée sur la compensation : interdite sans performance environnementale excellente reconnue (et jamais sur la seule compensation).',
    },
    suggestion: { en: 'Make a specific, verifiable claim: "Packaging made of 80 % recycled cardboard (certified FSC)".', fr: 'Faites une allégation précise et vérifiable : « Emballage en carton recyclé à 80 % (certifié FSC) ».' },
  },
  missing_information: {
    message: { en: 'Required information is missing.', fr: 'Une information obligatoire manque.' },
    suggestion: { en: 'Add the missing information.', fr: 'Ajoutez l’information manquante.' },
  },
};

// Apostrophes as typed or typographic.
const A = "['’]";

function rule(id: string, category: MessageCategory, lang: MessageLanguage, source: string, severity: Severity, reference: ReferenceKey, from?: string): PatternRule {
  // \b does not see accented letters as word characters: (?<![\p{L}\p{N}]) and (?![\p{L}]) do.
  return { id, category, lang, pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}])`, 'giu'), severity, reference, ...(from ? { from } : {}) };
}

/** Green-claim bans of Dir. 2024/825 apply from this day. */
export const GREEN_CLAIMS_FROM = '2026-09-27';

/** The rules, English then French. */
export const PATTERN_RULES: readonly PatternRule[] = [
  // ---- English
  rule('en.urgency.hurry', 'urgency', 'en', `hurry( up)?|act (now|fast|quickly)|don${A}?t (wait|delay|miss (out|it|this))|last chance|now or never|before it${A}?s too late|limited[- ]time( only| offer)?|ends? (today|tonight|soon|at midnight)|expires? (today|tonight|soon|at midnight|in \\d+ (minutes?|hours?|mins?))|only \\d+ (hours?|minutes?|mins?) (left|remaining)|(offer|sale|deal|price) ends in|flash sale|today only|while you still can|countdown|time is running out|(deal|offer) of the day`, 'high', 'urgency'),
  rule('en.scarcity.stock', 'scarcity', 'en', `only \\d+ (left|remaining|in stock|available)|(just|only) a few (left|remaining)|\\d+ left in stock|(low|limited) (stock|availability|supply|quantities)|almost (gone|sold out)|selling (out )?fast|in (high )?demand|going fast|few (items|seats|rooms|tickets) left|last (one|item|few|seats|rooms)( left)?`, 'medium', 'scarcity'),
  rule('en.social.activity', 'social_proof', 'en', `\\d[\\d,]* (people|customers|shoppers|others|users|visitors) (are |have )?(viewing|looking|watching|bought|purchased|ordered|added|booked|just)|(just |recently )(bought|purchased|ordered|booked)|(someone|somebody) in [\\p{L} ]+ (just )?(bought|purchased)|everyone (is buying|loves)|bestseller|best[- ]selling|trending now|most popular choice|customers who bought`, 'medium', 'socialProof'),
  rule('en.misdirection.shame', 'misdirection', 'en', `no,? thanks?,? i${A}?(d rather|m not|ll (pass|stay|miss|keep)|(don${A}?t|do not) (want|like|need|care))|i (prefer|would rather|${A}?d rather) (pay(ing)? (full|more)|miss out|not save|stay)|i (don${A}?t|do not) (like|want) (free|saving|savings|discounts|deals|money)|i${A}?ll pay full price|no,? i (hate|don${A}?t want) (saving|money|deals)`, 'high', 'misdirection'),
  rule('en.sneaking.fees', 'sneaking', 'en', `(service|booking|handling|processing|admin(istration)?|convenience) fees? (will be |are |is )?(added|applied|charged|apply|not included)( at checkout)?|fees? (added|applied|shown) at checkout|excluding (fees|charges|taxes)|(plus|\\+) (fees|charges) at checkout|(automatically|has been|have been) added to your (cart|basket|order)|added (insurance|protection|donation) to your`, 'high', 'sneaking'),
  rule('en.obstruction.cancel', 'obstruction', 'en', `(to cancel|cancellations?|to unsubscribe|to close your account)[^.]{0,60}(only |must )?(by (phone|post|registered (letter|mail)|fax|calling)|call (us|our)|send (us )?(a |an )?(registered |written )?(letter|request)|in writing|visit (a|one of our) (store|shop|branch))|cannot (be )?cancel(led)? online|can${A}?t (cancel|unsubscribe) online`, 'medium', 'obstruction'),
  rule('en.forced.account', 'forced_action', 'en', `(you must|you need to|required to|have to) (create an account|sign up|register|subscribe|accept (our )?(marketing|newsletter|offers|partners)|share (your )?contacts|install (our|the) app)[^.]{0,40}(to|before|in order to) (continue|view|see|access|download|get|read|finish|complete)|by (continuing|clicking|using)[^.]{0,60}(you )?(agree|accept|consent) to (receive|our (marketing|newsletter|partners))`, 'high', 'forcedAction'),
  rule('en.pressure.threat', 'pressure', 'en', `final (warning|notice|demand)|last warning|you (will|${A}ll) (lose|regret|miss out)|you${A}?ll be sorry|failure to (act|respond|reply|buy|sign)|(act|reply|respond|sign|decide) (immediately|right now|today)|we will (keep|continue) (calling|contacting|writing)|until you (say yes|accept|buy|sign)|don${A}?t (let (this|it) (slip|go)|think twice)|you${A}?d be (crazy|mad|foolish)|only a fool|what are you waiting for`, 'medium', 'pressure'),
  rule('en.free.then', 'misleading_free', 'en', `free[^.;]{0,80}(then|after which|after that|thereafter)[^.;]{0,30}(\\p{Sc}\\s?\\d|\\d[\\d.,]*\\s?\\p{Sc}|charged|billed|automatically)|free[^.;]{0,60}(just|only) pay( for)? (shipping|postage|the fees|handling)|free[^.;]{0,40}(with|when you) (subscribe|purchase|buy|sign up)[^.;]{0,40}(\\p{Sc}|per month|a month)|free\\*`, 'medium', 'misleadingFree'),
  rule('en.children.exhort', 'children', 'en', `ask (your )?(mum|mom|mummy|mommy|dad|daddy|parents?|grown[- ]ups?) (to|for)|kids,? (buy|get|grab|tell|ask)|tell (your )?(mum|mom|dad|parents) (to|you want)|get your parents to`, 'high', 'children'),
  rule('en.green.generic', 'greenwashing', 'en', `eco[- ]?friendly|environmentally friendly|planet[- ]friendly|climate[- ]friendly|earth[- ]friendly|good for the planet|kind to the (planet|earth)|green (product|choice|energy|brand)|100 ?% green|sustainable (choice|product|brand)|natural and eco`, 'high', 'greenGeneric', GREEN_CLAIMS_FROM),
  rule('en.green.offset', 'greenwashing', 'en', `carbon[- ](neutral|negative|positive|free)|climate[- ](neutral|positive)|net[- ]zero|zero (carbon|emissions?)|co2[- ]neutral|offsets? (all )?(your|its|our) (emissions|carbon|footprint)`, 'high', 'greenOffset', GREEN_CLAIMS_FROM),
  // ---- French
  rule('fr.urgency.hurry', 'urgency', 'fr', `d[ée]p[êe]chez[- ]vous|faites vite|vite ?!|ne (tardez|tardez plus|attendez) (pas|plus)|derni[èe]re chance|derni[eè]res (heures|minutes)|c${A}est maintenant ou jamais|avant qu${A}il ne soit trop tard|(offre|promotion|prix|vente) (flash|[àa] dur[ée]e limit[ée]e|limit[ée]e dans le temps)|vente flash|temps limit[ée]|dur[ée]e limit[ée]e|(se termine|expire|prend fin) (ce soir|aujourd${A}hui|[àa] minuit|bient[ôo]t|dans \\d+ (minutes?|heures?|h))|plus que \\d+ (heures?|minutes?|h|jours?) pour|aujourd${A}hui seulement|uniquement aujourd${A}hui|compte [àa] rebours|le temps presse|(ne )?(ratez|manquez|loupez) pas|agissez (maintenant|vite|sans attendre)|en profiter avant`, 'high', 'urgency'),
  rule('fr.scarcity.stock', 'scarcity', 'fr', `(il ne )?(re)?ste (plus )?(que|seulement) \\d+|plus que \\d+ (en stock|articles?|exemplaires?|places?|chambres?|pi[èe]ces?|produits?|disponibles?)|(seulement|uniquement) \\d+ (en stock|disponibles?|restant)|stocks? (limit[ée]s?|faibles?)|(bient[ôo]t|presque) [ée]puis[ée]e?s?|derni[eè]res? (pi[èe]ces?|places?|exemplaires?|articles?)|(tr[èe]s )?forte demande|tr[èe]s (demand[ée]e?s?|pris[ée]e?s?|convoit[ée]e?s?)|part(ent)? (tr[èe]s )?vite|s${A}arrache(nt)?|quantit[ée]s (tr[èe]s )?limit[ée]es|en rupture imminente`, 'medium', 'scarcity'),
  rule('fr.social.activity', 'social_proof', 'fr', `\\d[\\d  ]* (personnes|clients|internautes|visiteurs|utilisateurs|acheteurs) (regardent|consultent|ont (achet[ée]|command[ée]|ajout[ée]|r[ée]serv[ée])|viennent|sont en train|l${A}ont|ach[èe]tent)|(vient|viennent) (juste )?d${A}(acheter|commander|r[ée]server)|(quelqu${A}un|un client) [àa] [\\p{L} -]+ (vient|a) (d${A}acheter|achet[ée])|tout le monde (l${A}ach[èe]te|l${A}adopte|en parle|s${A}arrache)|meilleures? ventes?|le plus (vendu|populaire)|d[ée]j[àa] \\d[\\d  ]* (clients|personnes|foyers) (conquis|l${A}ont)|tendance du moment`, 'medium', 'socialProof'),
  rule('fr.misdirection.shame', 'misdirection', 'fr', `non merci,? je (pr[ée]f[èe]re|ne veux pas|n${A}aime pas|n${A}ai pas besoin|renonce|reste)|je pr[ée]f[èe]re (payer (plein pot|plus cher|le prix fort|plein tarif)|rater|passer [àa] c[ôo]t[ée]|ne pas [ée]conomiser)|je (ne veux pas|n${A}aime pas) ([ée]conomiser|les (bonnes affaires|r[ée]ductions|cadeaux))|tant pis pour moi|je renonce [àa] (mes|ces|mon|ma) (avantages?|r[ée]ductions?|cadeaux?|remise)|non,? je d[ée]teste (les [ée]conomies|[ée]conomiser)`, 'high', 'misdirection'),
  rule('fr.sneaking.fees', 'sneaking', 'fr', `frais (de service|de dossier|de gestion|de traitement|de r[ée]servation|administratifs)[^.]{0,30}(en sus|en plus|non inclus|ajout[ée]s|appliqu[ée]s|factur[ée]s) ?(au paiement|lors du paiement|[àa] la validation)?|(hors|sans les) frais (de service|de dossier|de gestion)|frais (suppl[ée]mentaires|additionnels) (ajout[ée]s )?(au|lors du) paiement|(a|ont) [ée]t[ée] (ajout[ée]e?s?|automatiquement ajout[ée]e?s?) [àa] votre (panier|commande)|ajout[ée]e? automatiquement [àa] votre (panier|commande)`, 'high', 'sneaking'),
  rule('fr.obstruction.cancel', 'obstruction', 'fr', `(pour (r[ée]silier|vous d[ée]sabonner|vous d[ée]sinscrire|fermer votre compte)|la r[ée]siliation|toute r[ée]siliation|le d[ée]sabonnement)[^.]{0,60}(uniquement |exclusivement |doit se faire |se fait |doit [êe]tre (faite|envoy[ée]e) )?(par (t[ée]l[ée]phone|courrier|lettre recommand[ée]e|fax|[ée]crit)|en (agence|boutique|magasin)|appelez|envoyez[- ]nous un courrier)|r[ée]siliation (impossible|non possible) en ligne|ne peut pas [êe]tre r[ée]sili[ée] en ligne`, 'medium', 'obstruction'),
  rule('fr.forced.account', 'forced_action', 'fr', `(vous devez|il faut|obligatoire de|vous [êe]tes tenu de) (cr[ée]er un compte|vous inscrire|vous abonner|accepter (nos|les) (offres|communications|partenaires|newsletters?)|partager vos contacts|installer (notre|l${A})application)[^.]{0,40}pour (continuer|acc[ée]der|voir|lire|t[ée]l[ée]charger|finaliser|obtenir|poursuivre)|en (continuant|poursuivant|cliquant|utilisant)[^.]{0,60}vous acceptez (de recevoir|nos offres|la newsletter|la prospection|nos partenaires|les offres)`, 'high', 'forcedAction'),
  rule('fr.pressure.threat', 'pressure', 'fr', `dernier (avertissement|rappel avant)|ultime (avertissement|relance)|mise en demeure|vous (allez|risquez de) (perdre|le regretter|passer [àa] c[ôo]t[ée])|vous le regretterez|(r[ée]pondez|d[ée]cidez|signez|agissez) (imm[ée]diatement|tout de suite|sans attendre|d[èe]s maintenant)|nous (continuerons|allons continuer) [àa] vous (appeler|relancer|contacter)|jusqu${A}[àa] (ce que vous acceptiez|votre accord|acceptation)|ne laissez pas passer|il faudrait [êe]tre fou|qu${A}attendez[- ]vous|sans quoi nous serons contraints|faute de quoi`, 'medium', 'pressure'),
  rule('fr.free.then', 'misleading_free', 'fr', `(gratuit|gratuite|gratuitement|offert|offerte)[^.;]{0,80}(puis|ensuite|au[- ]del[àa])[^.;]{0,30}(\\d[\\d.,]*\\s?(€|euros?)|pay(ant|ante|er)|factur[ée]|pr[ée]lev[ée]|automatiquement)|(gratuit|gratuite|offert|offerte)[^.;]{0,60}(il (vous )?suffit de payer|seuls les frais|ne payez que|payez seulement) |gratuit\\*|gratuit(e)? (sous r[ée]serve|[àa] condition) de (souscrire|vous abonner|payer)`, 'medium', 'misleadingFree'),
  rule('fr.children.exhort', 'children', 'fr', `demande(z)? [àa] (tes|vos|ton|ta) (parents|papa|maman|p[èe]re|m[èe]re)|dis [àa] (tes parents|ton papa|ta maman|ton p[èe]re|ta m[èe]re)|les enfants,? (achetez|demandez|courez|foncez)|(ach[èe]te|commande|fonce|cours)[- ](le|la|les|vite|l${A}acheter)[^.]{0,30}(les enfants|les petits|les kids)|fais[- ]toi offrir|fais[- ](le|la|les) (acheter|offrir)`, 'high', 'children'),
  rule('fr.green.generic', 'greenwashing', 'fr', `[ée]co[- ]?(responsable|logique|friendly|con[çc]u)s?|[ée]cologiques?|respectueu(x|se|ses)? de (l${A}environnement|la plan[èe]te)|bon(ne)? pour (la plan[èe]te|l${A}environnement|le climat)|(produit|choix|[ée]nergie|marque|offre) verte?s?|100 ?% (vert|verte|naturel|[ée]colo)|ami(e)? de la plan[èe]te|z[ée]ro impact`, 'high', 'greenGeneric', GREEN_CLAIMS_FROM),
  rule('fr.green.offset', 'greenwashing', 'fr', `neutre(s)? en carbone|carbone? neutre|neutralit[ée] carbone|neutre(s)? pour le climat|z[ée]ro (carbone|[ée]mission)s?|(enti[èe]rement|100 ?%) compens[ée]e?s?|compens(e|ons|ez) (toutes )?(vos|nos|ses|les) [ée]missions|climatiquement neutre|bilan carbone (nul|neutre|positif)`, 'high', 'greenOffset', GREEN_CLAIMS_FROM),
];
