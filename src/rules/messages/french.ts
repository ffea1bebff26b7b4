/**
 * French rules of the message checker, one or more per category, written from the techniques'
 * definitions (RULES.md "Manipulation and aggressive selling"; UCPD Art. 5-9 and Annex I; Mathur
 * et al. 2019) and a development set written for the purpose (src/core/messages/corpus/fr-dev.jsonl),
 * never from the frozen evaluation set (src/core/messages/eval/README.md).
 *
 * Patterns read the text folded to the same length (foldSameLength: lower case, accents off,
 * typographic apostrophes plain), so they are written without accents or capitals and their
 * matches are spans of the original text. Every pattern needs a cue of the technique itself (a
 * word of hurry, scarcity, shame, threat, condition...): a number, a price or a date alone is
 * never a finding. Where the same words serve honest messages, `unless` names what makes the
 * sentence fair (a negation, a source, a choice of channels) and `requires` what the technique
 * needs beside the cue (a child's world for an exhortation to children).
 */
import { rule, type PatternRule } from './lexicon.ts';

/** Any apostrophe once folded. */
const A = "'";
/** Up to n words (a gap inside a clause). */
const w = (n: number) => String.raw`(?:[\p{L}\p{N}\p{Sc}'-]+[ ,]+){0,${n}}`;
/** Offer words: what a time limit or a "free" is about in a sales message. */
const OFFER = String.raw`(?:offres?|promo(?:tion)?s?|remises?|reductions?|reduc|prix|tarifs?|soldes?|ventes?|code promo|bon plan|deals?|cadeaux?|avantages?|rabais|operation)`;
/** What makes an unrelated demand a condition: what the reader wants is reached only through it. */
const CONDITION = String.raw`(?:pour (?:continuer|acceder|voir|decouvrir|lire|telecharger|finaliser|obtenir|poursuivre|terminer|suivre|participer|debloquer|consulter|profiter|valider|beneficier|recevoir|activer|connaitre)|afin de [\p{L}]+|avant de [\p{L}]+|(?:est |sont )?(?:reservee?s?|conditionnee?s?|subordonnee?s?) (?:aux?|a)|sans (?:acceptation|accord|consentement|inscription)|ne pourra (?:pas )?etre (?:traitee?|fournie?|validee?|honoree?)|en (?:validant|continuant|poursuivant|cliquant|utilisant|vous inscrivant|commandant|creant|passant commande|acceptant|participant)|d${A}abord|obligatoire(?:ment)?|vous devez|tu dois|il (?:vous |te )?faut)`;
/** Demands unrelated to what the reader asked for: an account, an app, marketing, data, friends. */
const DEMAND = String.raw`(?:cre(?:er|ez) (?:un|votre) compte|inscri(?:re|vez[- ]vous|ption) ${w(3)}(?:newsletter|programme|offres|lettre|fidelite)|install(?:er|ez) ${w(1)}(?:notre|l${A}|cette|une) appli(?:cation)?|telecharg(?:er|ez) ${w(1)}(?:notre|l${A}|cette) appli(?:cation)?|accept(?:er|ez|ant|e|ation) (?:de recevoir|les offres|nos offres|les cookies (?:publicitaires|marketing|tiers|de ciblage)|le partage|la prospection|nos partenaires|les communications|nos communications|la newsletter|les sollicitations)|abonn(?:er|ez)[- ]vous a nos (?:offres|communications|newsletters?)(?: commerciales)?|autoris(?:er|ez) ${w(2)}(?:vos|votre|ton|tes) (?:contacts|localisation|carnet)|invit(?:er|ez) (?:\d+|vos|des|trois|cinq|deux|quelques) amis|partag(?:er|ez|e) ${w(2)}(?:avec|a) (?:\d+|vos|des|tes|deux|trois|cinq) (?:amis|copains|contacts)|(?:l${A})?inscription a (?:notre |la |nos )?(?:newsletter|lettre d${A}information|offres)|le prelevement d${A}une cotisation|partag(?:er|ez) vos (?:contacts|donnees)|partage de vos donnees|vous acceptez de recevoir|offres commerciales|accept(?:er|ez) (?:les|nos|tous les) (?:cookies|traceurs)|(?:noter|evaluer) (?:l${A}application|notre application|notre service)|laisser un avis)`;
/** A negation in the sentence: "nous ne sommes pas neutres en carbone". */
const SENTENCE_NEGATION = String.raw`(?<![\p{L}])(?:ne|n')(?: [\p{L}']+){0,3} (?:pas|plus|jamais)(?![\p{L}])`;

export const FRENCH_RULES: readonly PatternRule[] = [
  // ---- urgency: UCPD Annex I No. 7, a false statement that an offer lasts only a very short time.
  rule(
    'fr.urgency.hurry',
    'urgency',
    'fr',
    String.raw`depechez[- ]vous|depeche[- ]toi|faites vite|fais vite|vite ?[,!]|vite vite|foncez|ne (?:tardez|tarde|trainez|attendez|attends)(?: plus| pas)|sans (?:plus )?tarder|sans plus attendre|derniere chance|dernieres? (?:heures?|minutes?|instants?|secondes?)|ultimes? (?:heures?|jours?|minutes?|chance|instants?)|dernier jour ?(?:!|:(?! ?(?:le )?\d)|pour (?:profiter|en profiter|beneficier|commander|reserver|acheter|souscrire))|c${A}est maintenant ou jamais|maintenant ou jamais|avant qu${A}il ne soit trop tard|tant qu${A}il (?:en )?est (?:encore )?temps|le temps presse|chaque (?:minute|seconde) compte|(?:ne )?(?:ratez|manquez|loupez|rate|manque|loupe) pas (?:le coche|l${A}occasion|cette|ce|ca|notre|nos|votre|ta|ton|la)|ne passez pas a cote|plus jamais a ce prix|ne (?:se )?(?:representera|reviendra|reproduira) (?:plus|pas|jamais)|decidez[- ]vous (?:vite|maintenant|aujourd${A}hui|des maintenant)|agissez (?:maintenant|vite|sans attendre|des maintenant|aujourd${A}hui)|profitez[- ]en (?:vite|maintenant|avant|tant|des maintenant|vite)|en profiter avant|(?:reservez|commandez|souscrivez|achetez|inscrivez[- ]vous) (?:vite|des maintenant|sans tarder|avant qu|maintenant)`,
    'high',
    'urgency',
  ),
  rule(
    'fr.urgency.limit',
    'urgency',
    'fr',
    // The offer named, then its end close at hand; a code or a link that expires is no offer.
    String.raw`${OFFER}[^.?;]{0,40}(?:se termine|s${A}acheve|s${A}arrete|expire|prend fin|dispara[it]t|finit|cesse|se clot|remonte|augmente|s${A}envole)[^.?;]{0,20}(?:ce soir|aujourd${A}hui|a minuit|bientot|demain|dans (?:quelques|\d+|une|deux|trois) (?:minutes?|heures?|h|min|jours?)|d${A}ici (?:ce soir|demain|minuit|quelques))|(?:offres?|promo(?:tion)?|ventes?|prix|remises?|tarifs?|soldes?) (?:flash|eclair|express|minute)|ventes? (?:flash|eclair)|a duree (?:tres )?limitee|limitee? dans le temps|temps limite|pour (?:un temps|une duree) (?:tres )?limitee?|(?:\d+|quelques|vingt-quatre|quarante-huit) (?:heures?|h|minutes?|jours?) (?:seulement|uniquement|chrono)|(?:valables?|disponibles?) (?:seulement|uniquement) (?:\d|quelques|aujourd|ce soir|jusqu|pendant)|jusqu${A}a (?:ce soir|minuit|demain)|aujourd${A}hui (?:seulement|uniquement)|(?:seulement|uniquement) (?:aujourd${A}hui|ce soir|ce week-end|jusqu${A}a)|temps restant|(?:il (?:ne )?(?:vous )?reste|plus que|encore) (?:\d+|quelques|une|deux|trois) (?:heures?|h|minutes?|min|jours?) pour (?:en )?(?:profiter|commander|reserver|acheter|beneficier|valider|souscrire)|compte a rebours (?:est |a )?(?:lance|enclenche|final)|(?:demain|apres|bientot)[, ]+(?:le |ce )?(?:prix|tarif)s? (?:remonte|augmente|repasse|reviendra)`,
    'high',
    'urgency',
    // An offer already over ("la vente flash du 15 février a pris fin comme annoncé") presses no one.
    { unless: String.raw`a pris fin|(?:s${A}est |est |operation )terminee|s${A}est achevee` },
  ),
  rule(
    'fr.urgency.soon',
    'urgency',
    'fr',
    // A deadline told as a countdown or an alarm rather than a date.
    String.raw`urgent(?:e)? ?[:!]|offre urgente|j-\d+|il sera trop tard|trop tard demain|derniers jours (?:pour|de|des|avant)|fin imminente|(?:cloture|fin|echeance) (?:imminente|proche|toute proche)|derniere ligne droite|plus que (?:ce|cette|quelques|\d+) (?:week-end|semaine|soir|nuit|jours?|heures?)|encore (?:\d+|quelques) (?:h|heures?|jours?) (?:seulement|pour)|(?:arrive|arrivent) (?:bientot )?a (?:echeance|expiration)(?= ?!)|avant la fin (?:de la journee|du week-end|de la semaine)(?= ?!)|top chrono|chrono (?:lance|en marche)|il (?:ne )?(?:vous )?reste (?:peu de temps|quelques (?:heures|jours|minutes)|moins de \d+ ?(?:h|heures|jours|minutes))|(?:bientot|presque) (?:fini|termine)e?s? ?!|plus pour (?:tres )?longtemps|pour peu de temps encore|tic[- ]tac|le compteur tourne`,
    'high',
    'urgency',
  ),
  rule(
    'fr.urgency.clock',
    'urgency',
    'fr',
    // A running clock ("expire dans 04:59"), minutes or hours to act, a one-time-only offer, "not for long".
    String.raw`(?:dans|encore|reste|restant|expire(?:e|ra)? dans|augmente dans|termine dans|fin dans|valable encore) \d{1,2}:\d{2}(?::\d{2})?|(?:avant la |la )?fin du compte a rebours|(?:offre|remise|prix|tarif|code|reduction)[^.!?]{0,40}dans l${A}heure|(?:repondez|commandez|validez|reservez|souscrivez|appelez)[^.!?]{0,20}dans l${A}heure|dans les (?:\d+|quelques) prochaines (?:minutes|heures)|(?:${OFFER}|primes?|eligibilite|bonus|inscriptions?|reservations?)[^.!?]{0,40}(?:ferment|ferme|expire|se termine|s${A}acheve|se cloturent?)\p{L}* (?:dans|sous) (?:quelques|\d+) (?:minutes|heures|h)(?![\p{L}])|(?:proposee?|valable|disponible|offerte?) (?:qu${A})?une seule fois|(?:ne )?(?:restera|resteront|sera|seront|durera|dureront) pas (?:disponibles? |en ligne |en vente )?longtemps|il ne (?:vous )?reste (?:que )?jusqu${A}a|(?:passez|souscrivez|commandez|profitez|inscrivez-vous|reservez|signez|changez)[^.!?]{0,40}avant (?:la fin du mois|la fin de la semaine|ce soir|minuit|demain)(?= ?[!.]|$)|partent en quelques (?:minutes|heures)`,
    'high',
    'urgency',
    { unless: String.raw`code (?:de (?:verification|confirmation|securite)|a usage unique)|mot de passe|lien de connexion|rendez-vous|livraison` },
  ),
  // ---- scarcity: UCPD Art. 6(1)(b) and Annex I No. 7.
  rule(
    'fr.scarcity.stock',
    'scarcity',
    'fr',
    String.raw`(?:il )?(?:ne )?(?:vous )?(?:re)?ste (?:plus )?(?:que|seulement|uniquement) (?:\d+|quelques|peu|deux|trois|une?)(?! ?(?:go|mo|€|euros?|points?|jours? pour (?:resilier|refuser|vous opposer)))|il n${A}en (?:reste|restera) (?:presque |bientot |quasiment )?plus|plus que (?:\d+|quelques|deux|trois) (?:en stock|articles?|exemplaires?|places?|sieges?|chambres?|pieces?|produits?|unites?|disponibles?|billets?|lots?|modeles?|tailles?)|(?:seulement|uniquement|plus que) (?:\d+|quelques) [\p{L}]+ (?:restant|disponibles?|en stock)|(?:\d+|quelques|peu de) (?:[\p{L}]+ )?restant(?:e)?s (?:a ce prix|au prix)|stocks? (?:tres |ultra |extremement )?(?:limites?|faibles?|presque epuises?|bientot epuises?)|quand (?:c${A}est|ce sera) (?:fini|parti|epuise),? c${A}est (?:fini|termine)|(?:seul|seulement) un nombre (?:tres )?(?:limite|restreint)|une poignee de (?:clients|places|privilegies|chanceux|personnes)|les stocks (?:fondent|s${A}epuisent|diminuent|s${A}amenuisent)|(?:bientot|presque|quasiment|bientot) (?:epuise|introuvable|solde|complet)e?s?|victime de son succes|(?:edition|serie|collection|quantites?|tirage|production)s? (?:tres |ultra |extremement )?limitees?|(?:les )?places (?:s${A}envolent|partent|sont comptees)|places comptees|places (?:tres )?(?:limitees|restreintes?)(?! a \d)|nombre de places (?:tres )?(?:limite|restreint)(?! a \d)|dernieres? (?:pieces?|places?|exemplaires?|articles?|disponibilites?|unites?|chambres?|billets?|stocks?)|(?:tres )?forte demande|tres (?:demande|prise?|convoite|recherche)e?s?|part(?:ent)? (?:tres |super )?vite|s${A}arrache(?:nt)?|(?:les places|les billets|les stocks) s${A}envolent|en rupture imminente|premier arrive,? premier servi|produit rare|ne sera (?:plus|pas|jamais) reapprovisionne|(?:peu|tres peu) de (?:places?|stock|pieces?|chambres?|exemplaires?) (?:restant|disponible)`,
    'medium',
    'scarcity',
    // A count given against the whole ("sur les 40 places, 38 sont réservées") states the stock, it does not press.
    { unless: String.raw`sur (?:les |un total de )?\d+ (?:places|exemplaires|chambres|billets|lots|sieges|inscriptions)` },
  ),
  rule(
    'fr.scarcity.few',
    'scarcity',
    'fr',
    String.raw`(?:reserve|limite)e?s? aux \d+ premiers|(?:presque|bientot|quasi) complets?|il n${A}y en aura pas pour tout le monde|pas pour tout le monde|stocks? (?:restreints?|reduits?|tres bas)|(?:quantite|disponibilite)s? (?:tres )?(?:restreintes?|reduites?)|(?:avant|n${A}attendez pas) (?:la )?rupture|rupture (?:bientot|imminente|proche)|(?:quelques|rares) (?:pieces|exemplaires|places|articles) seulement|seulement quelques (?:pieces|exemplaires|places|articles|unites)|(?:\d+|quelques) exemplaires (?:seulement|uniquement)|plus qu${A}(?:un|une) seule?|(?:le|la) derniere? (?:disponible|en stock|a ce prix)|dernier (?:exemplaire|article|stock|lot)|comme des petits pains|(?:se vend|se vendent|s${A}ecoule|s${A}ecoulent) (?:tres |super )?vite|risque de rupture|(?:nos|les) stocks ne (?:suffiront|dureront) pas|une fois (?:epuise|parti)e?s?,? (?:c${A}est fini|plus rien|il n${A}y en aura plus)`,
    'medium',
    'scarcity',
    { unless: String.raw`capacite|liste d${A}attente|reassort|reapprovisionnement prevu` },
  ),
  // ---- social proof: UCPD Art. 6(1) and Annex I Nos. 23b-23c (fake or unverifiable activity and reviews).
  rule(
    'fr.social.activity',
    'social_proof',
    'fr',
    String.raw`\d[\d  .]* (?:personnes|clients|internautes|visiteurs|utilisateurs|acheteurs|voyageurs|familles|foyers|abonnes|francais|membres|lecteurs|joueurs|parents|particuliers) ${w(2)}(?:regardent|consultent|ont (?:achete|commande|ajoute|reserve|choisi|souscrit|adopte|deja|ce|cet|cette)|viennent|sont (?:en train|deja)|l${A}ont|achetent|nous (?:ont )?(?:rejoint|font)|recommandent|adorent|utilisent)|(?:ce|cet|cette) [\p{L}]+ (?:est )?dans (?:\d+|des dizaines de|des centaines de) paniers|(?:vient|viennent) (?:juste |tout juste )?d${A}(?:acheter|commander|reserver|souscrire|adopter|choisir)|(?:vient|viennent) (?:juste |tout juste )?de (?:s${A}inscrire|souscrire|reserver|commander|craquer)|(?:reserve|achete|commande|vendu|choisi)e?s? \d[\d  ]* fois|\d[\d  .]* ventes (?:rien que|cette|ce|aujourd|en \d+ (?:heures|h))|\d+ (?:clients |personnes )?sur 10 (?:le |la |les )?(?:recommandent|adorent|choisissent)|tout le monde (?:l${A}a|l${A}achete|l${A}adopte|en parle|s${A}arrache|en veut|craque|y passe)|tous (?:vos|tes) (?:voisins|amis|collegues|proches|copains)|(?:vos|tes) (?:voisins|amis|proches|collegues|copains) (?:ont|sont) (?:deja|tous)|les copains l${A}ont|(?:deja )?(?:des )?(?:milliers|millions|centaines|dizaines de milliers) de (?:clients|personnes|francais|familles|foyers|utilisateurs) (?:satisfaits|conquis|nous font|ont|l${A}ont|nous ont)|rejoignez[- ](?:les|nos|des) (?:milliers|millions|\d)|(?:deja )?plus de \d[\d  .]* (?:clients|francais|foyers|familles|personnes|utilisateurs) (?:nous ont|ont deja|conquis|satisfaits|l${A}ont)|(?:le |la |les )?(?:chouchou|preferee?s?) des (?:francais|clients|internautes|familles)|(?:forfait|produit|modele|choix|offre|article)s? prefere(?:e|s|es)? (?:de nos|des)|n(?:umero|°|o) ?1 des ventes|meilleures? ventes?|le plus (?:vendu|populaire|achete|reserve)|cartonne(?:nt)?|tendance du moment|ne peuvent pas se tromper`,
    'medium',
    'socialProof',
    { unless: String.raw`selon|source|d${A}apres|avis verifies|verifies par|chiffres de vente` },
  ),
  rule(
    'fr.social.crowd',
    'social_proof',
    'fr',
    String.raw`plebiscitee?s?|ils nous font confiance|rejoignez la communaute|(?:nos|les) clients (?:sont unanimes|adorent|en redemandent|l${A}adorent|raffolent)|unanimes?|\d[\d  .]* avis (?:5|cinq) etoiles|(?:des )?(?:milliers|centaines) d${A}avis (?:positifs|elogieux|5 etoiles)|coup de c(?:oe|œ)ur (?:des|de nos) clients|best-?sellers?|(?:le |la )?(?:meilleure?) (?:forfait|offre|produit|choix|banque|assurance|box) du marche|(?:\d+|des centaines de|des milliers de) (?:personnes|clients|internautes) (?:en ligne|connectes|sur cette page)|(?:deja |plus de )?\d[\d  .]* (?:millions?|milliers?) (?:d${A}|de )(?:abonnes|clients|utilisateurs|familles|foyers|francais)|deja \d[\d  .]* (?:inscrits|abonnes|clients|ventes|commandes|membres|participants|utilisateurs|adherents|souscripteurs|foyers|familles)|ont deja craque|seuls les avis (?:de |a )?(?:\d|positifs|favorables|cinq|quatre)|le choix (?:de|des) (?:\d|milliers|millions|nombreux)|recommandee?s? par (?:les|des|nos) (?:experts|specialistes|professionnels|medecins|dentistes|influenceurs)|\d+ (?:clients|personnes|utilisateurs|francais|parents|femmes|hommes) sur \d+`,
    'medium',
    'socialProof',
    { unless: String.raw`selon|source|d${A}apres|verifies|verifiee?s? par|publies tels quels|chiffres de vente|etude|sondage` },
  ),
  // ---- misdirection and confirmshaming: UCPD Art. 8-9 (undue influence through guilt or shame).
  rule(
    'fr.misdirection.shame',
    'misdirection',
    'fr',
    String.raw`(?:je|j${A}) ?(?:ne veux pas|refuse de|refuse|n${A}ai pas besoin d${A}?e?|ne souhaite pas|renonce a|prefere ne pas|n${A}aime pas|laisse tomber|abandonne|me fiche d?e?)\s?${w(4)}(?:economiser|economies|profiter|proteger|securite|avantages?|cadeaux?|reductions?|remises?|bonnes? affaires?|gagner|aider|sauver|soutenir|payer moins|bien-etre|sante|chance)|(?:je prefere|j${A}aime|j${A}adore|je veux) (?:continuer a |encore )?(?:payer (?:trop|plus|plein|le prix fort|cher)|gaspiller|perdre|rater|rester (?:mal|dans|ignorant|en arriere)|prendre (?:le|des) risques?|ne pas (?:savoir|economiser|profiter|etre protege))|(?:la |ma |mes )?(?:securite|sante|famille|protection|proches|enfants) ${w(4)}ne m${A}interesse(?:nt)? pas|tant pis,? (?:pour moi|je (?:laisse|rate|renonce|passe|perds))|je laisse passer (?:ma|cette|mon) (?:chance|occasion)|continuer sans (?:protection|assurance|garantie|securite)|\((?:deconseille|non recommande|risque|a vos risques)e?\)|sur(?:e|\(e\))? de vouloir (?:perdre|abandonner|renoncer|vous priver|laisser)|vous allez (?:vraiment )?(?:abandonner|laisser tomber|nous abandonner|renoncer a)|(?:qui|que) comptent sur vous|rester mal informee?|non,? (?:merci,? )?j${A}aime (?:gaspiller|perdre|payer)|je ne suis pas (?:assez )?(?:malin|malins|intelligent|futee?)|les gens (?:malins|intelligents|avises) (?:choisissent|prennent|ont)`,
    'high',
    'misdirection',
  ),
  rule(
    'fr.misdirection.loaded',
    'misdirection',
    'fr',
    // Refusals worded as a fault, recommendations on one choice only, and double negatives.
    String.raw`non,? (?:merci,? )?je (?:veux|prefere|prefererais|vais) (?:rester|continuer a|garder|perdre|payer|gaspiller)|je (?:prends|prendrai|courrai) le risque|tres peu pour moi|je me (?:passe|prive|moque|fiche) (?:de|d${A}|des|du)|je n${A}ai pas envie (?:de|d${A}) ${w(2)}(?:economiser|gagner|profiter|proteger|progresser|reussir)|rester (?:stresse|sans protection|mal protege|a la traine|en retard|dans l${A}ignorance)e?s?|perdre (?:mes|mon|ma|tous mes|toutes mes) (?:avantages|cadeaux?|remises?|reductions?|points|bonus|statut|privileges)|(?:tout accepter|accepter et continuer|oui|accepter|continuer|valider) \((?:recommande|conseille|prefere)e?\)|ne (?:souhaitez|voulez|desirez) pas ne pas|(?:vous|tu) (?:allez|vas) (?:decevoir|nous decevoir|le regretter)|vous nous quittez (?:deja|vraiment)|nous abandonner|vous (?:preferez|voulez|souhaitez) vraiment (?:payer|perdre|rater|renoncer|passer a cote|laisser|rester)|(?:les |seuls? les )(?:parents|clients|gens|personnes|conducteurs|familles|proprietaires) (?:responsables|avises|malins|prudents|intelligents|raisonnables|soucieux) (?:choisissent|prennent|ont|optent|acceptent|souscrivent)|seuls? les (?:imprudents|inconscients|naifs|distraits) (?:refusent|renoncent|disent non)`,
    'high',
    'misdirection',
  ),
  rule(
    'fr.misdirection.choice',
    'misdirection',
    'fr',
    // Buttons that make leaving a loss or a failure, a refusal that scares, a "later" instead of a "no",
    // a change for the worse dressed as a service, a double negative.
    String.raw`(?:partir|resilier|refuser|quitter|continuer|annuler) (?:quand meme|malgre tout)|(?:et|,) (?:tout )?perdre (?:mon|mes|ma|tous|toutes|tout|vos|votre)|partir et tout perdre|(?:oui|non),? j${A}abandonne|je (?:laisse tomber|renonce a) (?:mes|mon|ma)|me le (?:re)?demander plus tard|(?:refuser|desactiver|decliner|sans accepter|sans) (?:les |ces )?(?:cookies|traceurs|notifications|alertes)[^.!]{0,60}(?:ralenti|risquez|ne (?:s${A}affich|fonctionn|march)|degrad|rater|manquer|moins bien)\p{L}*|(?:etes|es)[- ](?:vous|tu) (?:vraiment |bien )?(?:pret|sur|certain)e?s? (?:a|de) (?:vouloir )?(?:laisser|abandonner|renoncer|perdre|decevoir|priver)|sur(?:e)? de vouloir decevoir|(?:pas (?:tres )?(?:sympa|gentil|cool|elegant)) de nous (?:laisser|quitter|abandonner)|nous laisser tomber|(?:evolue|change|augmente|s${A}adapte) pour (?:mieux vous servir|vous offrir le meilleur)|ne (?:souhaitez|voulez|desirez) pas ne plus|(?:resteras?|seras?) (?:tout )?(?:nul|nulle|ridicule|a la traine)|\[[^\]]{0,40}\((?:recommandee?|conseillee?)\)|\((?:recommandee?|conseillee?)\) ?\d`,
    'high',
    'misdirection',
  ),
  // ---- sneaking (hidden costs): UCPD Art. 7(4)(c), a misleading omission of the total price.
  rule(
    'fr.sneaking.fees',
    'sneaking',
    'fr',
    String.raw`(?:hors|non compris|n${A}inclu(?:t|ant) pas|ne compren(?:d|nent) pas|ne comprenant pas|excluant|en sus de|sans compter) (?:les |des |la |le )?${w(2)}(?:frais|taxes?|commissions?|supplements?)|frais[^.?!]{0,40}(?:en sus|en plus|non inclus|supplementaires?|s${A}ajoute(?:nt|ront)?|s${A}appliquent (?:au|a la|lors)|seront (?:ajoutes|appliques|factures|preleves)|factures en plus|a (?:ajouter|prevoir)|calcules? (?:lors|au moment|a la (?:derniere|fin)|a l${A}etape)|indiques? (?:a|lors de) la (?:derniere|fin))|(?:s${A}ajoute(?:nt)?|ajoutee?s?|facturee?s?|appliquee?s?|prelevee?s?) ${w(3)}(?:lors de la|a la|au moment du|au moment de la|lors du|au) (?:validation|paiement|caisse|derniere etape|signature)|(?:a|ont) ete (?:automatiquement )?ajoutee?s? a (?:votre|ta) (?:panier|commande|achat|facture|contrat|abonnement)|ajoutee?s? (?:automatiquement|d${A}office|par defaut) ${w(3)}(?:panier|commande|achat|facture|contrat)|(?:ajoute|inclus|inclue?)e?s? (?:automatiquement|d${A}office|par defaut)|(?:pre-?)?cochee? par defaut|case precochee|decochez (?:la case )?si vous (?:ne (?:le |la |les )?(?:voulez|souhaitez) pas|n${A}en (?:voulez|souhaitez) pas)|0 ?8 ?9\d(?:[ .]?\d\d){3}(?![^.]{0,40}(?:€|euros?|cts?|centimes|prix d${A}un appel|\/ ?min))`,
    'high',
    'sneaking',
    {
      unless: String.raw`aucun(?:e)? (?:frais|supplement|taxe)|sans frais|tout compris|total|deja inclus|frais compris|(?:taxes?|frais) (?:et [\p{L} ]+ )?(?:inclus|compris)`,
    },
  ),
  rule(
    'fr.sneaking.hidden',
    'sneaking',
    'fr',
    String.raw`\*\s?hors (?:[\p{L}-]+ ?){1,4}|(?:prix|tarif|a partir de)[^.?!]{0,30}hors (?:installation|mise en service|location|livraison|options?|equipement|materiel|abonnement|caution|assurance|port|frais)|(?:activee?|active|souscrite?|inclus|incluse|ajoutee?) (?:automatiquement |d${A}office )?par defaut|automatiquement (?:inscrite?|abonnee?|souscrite?|ajoutee?|activee?|facturee?)|(?:montant|prix|cout) (?:total|final|exact)[^.?!]{0,30}(?:communique|indique|precise|affiche|calcule|connu)e? (?:apres|lors de|a la fin|une fois|au moment)|frais (?:annexes|divers|eventuels|additionnels|caches)|(?:d${A}autres|des) frais (?:peuvent|pourront|pourraient) s${A}(?:appliquer|ajouter)|(?:prix|tarif|€|euros?)[^.?!]{0,30}(?:les|pendant les|durant les) (?:\d+|six|douze) premiers mois(?![^.]{0,80}(?:puis|ensuite|au-dela|apres|passe a|repasse a)[^.]{0,30}\d)`,
    'high',
    'sneaking',
    {
      unless: String.raw`comprise?s?|inclus(?:e|es)?(?! par defaut| d${A}office)|desactivee?|affiche avant|facultati|si vous le souhaitez`,
    },
  ),
  rule(
    'fr.sneaking.later',
    'sneaking',
    'fr',
    // Drip pricing: part of the price told at the counter, at signing, after the card, at the next step;
    // a quote that includes "neither ... nor"; a price whose footnote carries the condition.
    String.raw`(?:frais|charges|supplements?|taxes?|franchise|caution|cotisation)[^.?!]{0,60}(?:appliquee?s? (?:au comptoir|sur place|a l${A}arrivee)|au comptoir|(?:communiquee?s?|indiquee?s?|precisee?s?|reglee?s?) (?:a la signature|sur place|a l${A}arrivee|sur demande|ulterieurement)|facturee?s? avec (?:la|le) (?:premiere?|premier) (?:mensualite|facture|echeance|prelevement))|(?:a l${A}etape suivante|apres (?:saisie|validation) de (?:votre|ta) (?:carte|paiement|commande))[^.?!]{0,40}(?:frais|\+|supplements?)|ne compren(?:d|nent) ni|\*\s?(?:puis|ensuite|apres|(?:le|les) (?:\d+ |deux |trois |six )?premiers? mois|sous reserve d|a condition d|avec (?:engagement|souscription|forfait|abonnement)|pour (?:toute|tout) (?:souscription|engagement|abonnement))|(?:active|activee|souscrit|souscrite|ajoute|ajoutee|inscrit|inscrite|abonnee?|facture|facturee|preleve|prelevee)s? (?:automatiquement|d${A}office)|nous vous avons (?:automatiquement )?(?:inscrit|abonne|souscrit)e?s?|avons ajoute (?:${w(5)})?(?:a|dans) (?:votre|ton) (?:panier|commande|facture|contrat)|envo(?:ie|yez) (?!stop)[\p{L}]+ (?:par sms )?au [678]\d ?\d{3}|a (?:1|un) ?(?:€|euro)[^.?!]{0,20}\(?(?:avec|sous reserve d${A}un) (?:forfait|abonnement|engagement)`,
    'high',
    'sneaking',
    {
      unless: String.raw`(?:frais|taxes?) (?:et [\p{L} ]+ )?(?:inclus|compris)|tout compris|desactivee?|si vous le souhaitez|facultati|offerte?s?|gratuite?s?|cadeau|echantillon|sans frais`,
    },
  ),
  // ---- obstruction: UCPD Art. 9(d); C. consom. L.215-1-1 (termination online, three clicks, from 2023-06-01).
  rule(
    'fr.obstruction.cancel',
    'obstruction',
    'fr',
    String.raw`(?:pour (?:annuler|resilier|arreter|partir|vous desabonner|vous desinscrire)|resilier|resiliation|resiliez|vous desabonner|desabonnement|desabonnez|vous desinscrire|desinscription|desinscrire|desinscrivez|annuler (?:votre|l${A}|mon|le|la) (?:abonnement|contrat|adhesion|commande)|mettre fin a|fermer (?:votre|ton|mon) compte|fermeture (?:de|du) (?:votre |ton )?compte|suppression (?:de|du) (?:votre |ton )?compte|supprimer (?:votre|ton|mon) compte|arreter (?:votre|l${A}|mon|ton) abonnement|se desengager)[^.?!]{0,90}(?:lettre|courrier|recommande|fax|telephone|telephonez|appel(?:ez|ant|er)?|conseiller|service (?:client|fidelisation|dedie|resiliation|retention)|agence|boutique|magasin|siege|par ecrit|formulaire (?:papier|imprime)|imprim[\p{L}]*|piece d${A}identite|entretien)|(?:ne (?:pouvez|peut|pourrez|pourra) pas|impossible de|n${A}est pas possible de) ${w(2)}(?:resilier|annuler|vous desabonner|vous desinscrire|supprimer|fermer)[^.?!]{0,40}(?:en ligne|depuis (?:l${A}application|le site|votre espace|internet))|(?:resiliation|desinscription|annulation|desabonnement)s? (?:impossible|non disponible|indisponible|non prevue?)s? (?:en ligne|sur (?:le site|l${A}application))|bouton de resiliation (?:n${A}est pas|indisponible)|avant (?:toute|de|votre) (?:resiliation|resilier|desinscription|depart)[^.?!]{0,60}(?:rappel|entretien|rendez-vous|conseiller|obligatoire)`,
    'medium',
    'obstruction',
    {
      unless: String.raw`en ligne(?! (?:n${A}est|est) pas)|au choix|(?<![\p{L}])ou (?!bien)|parvenue?|recu votre|confirmons|sur (?:notre|le) site|cliquez|cliquant|espace (?:client|personnel|abonne)|en (?:\d|trois|deux|quelques) clics|lien|en un clic|ou en ligne|bien recu|avons recu|a ete (?:prise en compte|enregistree)|(?:ce|cette|present|presente) (?:courrier|lettre)|stop(?![\p{L}])`,
    },
  ),
  rule(
    'fr.obstruction.only',
    'obstruction',
    'fr',
    // Leaving tied to one hard channel, an appointment, a conversation or a proof, or a channel refused.
    String.raw`(?:quitter|nous quitter|(?<!a )partir|votre depart|l${A}arret|arreter|resili\p{L}*|desabonn\p{L}*|desinscri\p{L}*|supprimer (?:votre|ton) (?:profil|compte|abonnement)|suppression (?:de|du) (?:votre )?(?:profil|compte))[^.!]{0,100}(?:(?:ne|n${A})[^.?!]{0,30} qu${A}(?:apres|avec|en|par|sur|au)|seul(?:e|ement)? (?:le titulaire|en|par|au)|muni d|justificatif|point de vente|point relais|du lundi au|(?:service )?clients? au \d|au \d{4}\b|(?:ne sont|n${A}est) pas (?:acceptee?s?|possibles?|traitee?s?)|non acceptee?s?|demande speciale|formulaire (?:specifique|special|de demande speciale)|contactez(?:-nous| notre| le service| votre conseiller)|merci de nous (?:contacter|appeler|ecrire)|prenez (?:un )?rendez-vous|rendez-vous (?:en|dans|a) (?:agence|boutique|magasin|l${A}agence)|presentez-vous|puis [^.?!]{0,40}puis|> [^.?!]{0,30}>)`,
    'medium',
    'obstruction',
    {
      unless: String.raw`en ligne(?! (?:n${A}est|est) pas)|au choix|(?<![\p{L}])ou (?!bien)|parvenue?|recu votre|confirmons|sur (?:notre|le) site|espace (?:client|personnel|abonne)|comme vous (?:preferez|voulez|le souhaitez)|cliquez|en (?:\d|trois|deux|quelques) clics|bien (?:recu|enregistree?)|a ete (?:prise en compte|enregistree)|prendra fin le`,
    },
  ),
  rule(
    'fr.obstruction.hurdle',
    'obstruction',
    'fr',
    // Leaving refused outright, put behind a detour (an offer to look at, a questionnaire, many steps, a
    // later call), a broken or expired channel, or one channel only for what was signed up elsewhere.
    String.raw`(?:(?:vous )?ne (?:pouvez|pourrez) pas|impossible de) (?:resilier|annuler|vous desabonner|vous desinscrire|supprimer votre compte|fermer votre compte)(?! (?:avant|pendant|durant|au cours))|(?:resili\p{L}*|desinscri\p{L}*|desabonn\p{L}*|annuler|annulation|supprimer (?:votre|ton) compte|suppression de (?:votre|ton) compte|nous quitter)[^.]{0,50}(?:d${A}abord|au prealable|prealablement|etape obligatoire|questionnaire|entretien prealable)|(?:resiliation|desinscription|desabonnement|annulation)[^.?!]{0,30}etape \d+ sur (?:[4-9]|\d\d)|(?:service|formulaire|option|bouton|page) de (?:resiliation|desinscription|desabonnement)(?: en ligne)? (?:est )?(?:momentanement |temporairement |actuellement )?(?:indisponible|en maintenance|hors service)|(?:desactiver|arreter|stopper|refuser) (?:le|la) (?:renouvellement|reconduction)[^.?!]{0,60}(?:courrier|lettre|recommande|telephone|fax|agence)|(?:ne plus recevoir|desinscri\p{L}*|desabonn\p{L}*|resili\p{L}*|supprimer (?:votre|ton) compte|annul\p{L}*)[^.]{0,120}(?:date de naissance|piece d${A}identite|(?<![\p{L}])rib(?![\p{L}])|numero de transaction|copie (?:de|d${A}une)|raison detaillee)|(?:resiliation|desinscription|annulation)[^.]{0,80}(?:uniquement|seulement) (?:entre le|du|le) \d|lien de (?:desinscription|desabonnement) (?:a expire|n${A}est plus valide|est invalide|expire)|(?:ne (?:traitons|traite|acceptons|accepte|prenons en compte)|n${A}acceptons) (?:que|qu${A}) ${w(3)}(?:par|en|sur|via) (?:courrier|lettre|telephone|fax|agence|formulaire|rendez-vous)|(?:resiliation|desinscription|desabonnement|annulation|retractation|reclamation|remboursement|demande)s? ${w(3)}(?:doit|doivent) (?:se faire|etre (?:faite?s?|envoyee?s?|adressee?s?|formulee?s?|deposee?s?|effectuee?s?)) ${w(2)}(?:en agence|par (?:courrier|ecrit|lettre|telephone|fax)|sur (?:rendez-vous|le formulaire)|uniquement|exclusivement|en magasin)|(?:se fait|s${A}effectue) (?:uniquement|seulement|exclusivement) (?:depuis|via|par|en|sur)|(?:vous transfere|je vous (?:passe|transfere)) a un (?:collegue|conseiller|service)[^.?!]{0,30}(?:en reparler|rediscuter|vous convaincre|vous proposer)`,
    'medium',
    'obstruction',
    {
      unless: String.raw`ou en ligne|en ligne ou|(?<![\p{L}])ou (?:par |depuis |sur )?(?:e-?mail|courriel|internet|le site|l${A}application|votre espace)|au choix|comme vous (?:preferez|voulez|le souhaitez)|(?:en|par) (?:\d|trois|deux|quelques) clics`,
    },
  ),
  // ---- forced action: UCPD Art. 8-9; GDPR Art. 7(4) when consent is made a condition of the service.
  rule(
    'fr.forced.condition',
    'forced_action',
    'fr',
    // The unrelated thing demanded, before or after the condition that ties it to what was asked.
    `${CONDITION}[^.?!]{0,60}${DEMAND}|${DEMAND}[^.?!]{0,60}${CONDITION}|(?:newsletter|inscription a la newsletter) obligatoire`,
    'high',
    'forcedAction',
    { unless: String.raw`facultati|optionnel|sans creer de compte|sans compte|vous pouvez (?:refuser|decocher)|si vous le souhaitez` },
  ),
  rule(
    'fr.forced.tied',
    'forced_action',
    'fr',
    // What was asked for, reachable only with something else: an agreement to be called, marketing, an insurance, an account.
    String.raw`(?:implique|impliquent|vaut|entraine|necessite|necessitent|requiert|exige|suppose|conditionne|subordonne)e?s? ${w(2)}(?:votre accord|votre consentement|l${A}acceptation|la souscription|l${A}inscription|la creation|l${A}activation|l${A}ouverture|l${A}achat|l${A}adhesion)|(?:n${A}est|ne sont) (?:possibles?|disponibles?|accessibles?|valables?) qu${A}(?:avec|apres|pour les|aux|en cas de|si)|(?:identifiez|inscrivez|enregistrez)[- ]vous et acceptez|(?:activez|autorisez|acceptez) (?:les )?notifications? (?:promotionnelles?|publicitaires?|commerciales?|marketing)[^.?!]{0,40}pour|(?:accord|acceptez|accepter|consentez|consentir) (?:pour |d${A}|a )?etre (?:recontacte|rappele|demarche|sollicite)e?s?|(?:consentement|acceptation) (?:obligatoire|requise?|indispensable)|case (?:a cocher )?obligatoire`,
    'high',
    'forcedAction',
    {
      unless: String.raw`facultati|optionnel|sans (?:la |l${A})?(?:prendre|souscrire|creer|compte)|vous pouvez (?:refuser|decocher|choisir)|si vous le souhaitez|a votre demande`,
    },
  ),
  rule(
    'fr.forced.bundle',
    'forced_action',
    'fr',
    // A second product or consent tied to the first: sold only together, a duty to take it too,
    // a box ticked in advance, an install that brings another, a consent bundled with a sale of data.
    String.raw`ne (?:peut|peuvent|pourra|pourront) (?:etre|pas etre) (?:souscrite?s?|vendue?s?|achetee?s?|pris|prise?s?|accordee?s?|obtenue?s?|ouverte?s?|installee?s?)(?: separement| seule?s?| qu${A}(?:avec|en|apres|si))|(?:couplee?s?|liee?s?|adossee?s?) (?:a|avec) (?:une|un|notre|nos) (?:assurance|contrat|abonnement|option|carte|forfait|garantie)|obligatoires? (?:avec|pour) (?:toute?|chaque|tout achat|l${A}achat|la souscription)|(?:vous devez|tu dois|il (?:vous|te) faut) (?:egalement|aussi|d${A}abord|prealablement|en plus) (?:souscrire|prendre|acheter|adherer|ouvrir|creer|installer|accepter|inviter|partager)|si vous ne (?:prenez|souscrivez|achetez|ouvrez|acceptez) pas (?:aussi|egalement|en plus)|(?:☑|✅|✔|\[x\]) ?(?:ajouter|j${A}accepte|je souhaite|je veux|oui|m${A}inscrire|inscri)|(?:installe|installera|ajoute|ajoutera|active|activera|inscrit|inscrira|abonne|abonnera)(?:ra)? (?:aussi|egalement|en meme temps)|(?:activee?s?|cochee?s?) par defaut|(?:ne pouvez|ne peux|impossible de) (?:pas )?commander (?:en tant qu${A}invite|sans (?:compte|inscription|creer))|revente de (?:vos|tes) donnees|(?:inviter|invite|invitez|parrainer|parraine|parrainez) (?:\d+|deux|trois|cinq|tes|vos) (?:amis|copains|copines|contacts|filleuls)`,
    'high',
    'forcedAction',
    { unless: String.raw`facultati|optionnel|vous pouvez (?:refuser|decocher|choisir|les? prendre separement)|si vous le souhaitez|a votre demande|non cochee?` },
  ),
  // ---- pressure: UCPD Art. 8-9 (harassment, coercion, undue influence) and Annex I No. 26.
  rule(
    'fr.pressure.threat',
    'pressure',
    'fr',
    String.raw`si vous ne (?:signez|acceptez|repondez|souscrivez|commandez|decidez|faites|prenez|rappelez|validez) (?:pas|rien)[^.?!]{0,60}(?:plus rien|perdre|perdrez|augmente|regrett[\p{L}]*|trop tard|serez|sera (?:transmis|coupe|suspendu|resilie)|sanctions?|poursuites?|amendes?)|nous (?:vous )?(?:rappellerons|recontacterons|relancerons|appellerons|reappellerons)[^.?!]{0,40}(?:chaque|tous les|tant que|jusqu${A}a)|(?:chaque jour|tous les jours|chaque semaine) (?:jusqu${A}a|tant qu)|tant que vous n${A}aurez pas (?:accepte|signe|dit oui|pris|repondu|commande|decide)|jusqu${A}a ce que vous (?:acceptiez|signiez|disiez oui|commandiez|cediez|changiez d${A}avis)|je ne (?:raccrocherai|partirai|vous lacherai) pas|(?:transmis|envoye|confie)e? (?:au|a notre|a un) (?:service )?(?:contentieux|huissier|recouvrement|avocat)|poursuites (?:judiciaires )?(?:seront|vont)|vous serez (?:sanctionnee?|poursuivie?|penalisee?|en infraction|hors la loi|coupee?)|dernier avertissement|ultime (?:avertissement|relance|rappel)|dernier rappel avant|(?:prendre|courir) le risque de|etes[- ]vous (?:vraiment )?pret(?:e)? a (?:prendre|courir|risquer|perdre|laisser)|imaginez ce qui (?:arrivera|se passera|pourrait arriver)|(?:grave|grosse|terrible|enorme) erreur|ne faites pas (?:d${A}|l${A}|cette |la )?(?:erreur|betise)|vous (?:allez|risquez de) (?:le )?regretter|vous le regretterez|vous (?:allez|risquez de) (?:tout )?perdre|mett(?:re|ez|ent) en danger|en danger si|vous n${A}avez (?:pas|guere) (?:vraiment )?le choix|(?:aucun|pas d${A}autre) choix|il faut (?:decider|signer|repondre|choisir) (?:maintenant|tout de suite|aujourd${A}hui|immediatement)|(?:decidez|repondez|signez|agissez|acceptez|rappelez)(?:-nous)? (?:immediatement|tout de suite|sur[- ]le[- ]champ|des maintenant)|(?:que |qu${A})(?:a |au cours de |pendant |durant )(?:notre|cet|cette|ma) (?:appel|conversation|visite|echange|rendez-vous)|(?:le|la) seule? (?:de votre|du|a ne pas)|il faudrait etre fou|qu${A}attendez[- ]vous|sans quoi nous serons contraints|ne laissez pas passer|je ne pourrai plus rien (?:faire )?pour vous|tout le monde doit|vous devez absolument|c${A}est (?:obligatoire|la loi)(?: pour tous)?[^.?!]{0,30}(?:signer|souscrire|acheter|equiper|installer|commander)`,
    'medium',
    'pressure',
    { unless: String.raw`conformement|comme prevu (?:par|a|dans)|(?:l${A})?article \d|art\. ?\d|vos conditions generales` },
  ),
  rule(
    'fr.pressure.push',
    'pressure',
    'fr',
    // Fear for one's family, persistence, an artificial deadline in a sales talk, a false legal duty, silence taken as consent.
    String.raw`(?:pensez|songez) (?:a|aux) (?:vos|votre|ta|tes) (?:enfants|famille|proches|petits-enfants)|ne (?:les|la|le) (?:laissez|decevez|abandonnez) pas|vous nous devez|apres tout ce que (?:nous avons|j${A}ai) fait|(?:pas d${A}autre|seule) (?:solution|issue|option)|(?:c${A}est|notre|mon) (?:\d+e|deuxieme|troisieme|quatrieme|cinquieme|dernier|ultime) (?:appel|passage|relance|message)[^.?!]{0,60}(?:conclure|decider|signer|reponse|aujourd|maintenant)|(?:nous repasserons|je repasserai|je reviendrai|nous reviendrons|je rappellerai)[^.?!]{0,40}(?:demain|ce soir|signer|contrat|decision)|deja dans (?:votre|ta) (?:rue|quartier|immeuble|secteur)|avant la fin (?:de l${A}appel|de notre (?:appel|conversation|echange)|de la visite|du rendez-vous)|la loi vous (?:oblige|impose)[^.?!]{0,60}(?:signez|signer|souscri|commande|achet|maintenant|aujourd)|(?:obligation legale|c${A}est obligatoire)[^.?!]{0,40}(?:signez|signer|souscri|commande|achet|maintenant|aujourd)|sauf (?:refus|opposition|avis contraire) de votre part[^.?!]{0,60}(?:abonnee?|inscrite?|souscrit|facture|preleve|engagee?|commande)|(?:pas|aucun) besoin de (?:lire|reflechir|comparer|en parler|demander)|ne reflechissez pas|pas le temps de reflechir|je compte sur vous pour (?:signer|accepter|dire oui)|vous seriez (?:le|la) seule?|ne laissez pas (?:filer|echapper|passer)|vous avez ignore|(?:\d+e|\d+eme|sixieme|cinquieme|quatrieme|troisieme) (?:relance|rappel|message|appel|tentative)|nous ne cesserons|ne nous obligez pas|nous (?:serons|allons etre) (?:obliges|contraints)|prendre des mesures|(?:graves|lourdes|facheuses) consequences|il serait (?:dommage|regrettable) de|vous risquez (?:gros|beaucoup|cher)|vous coutera (?:tres )?cher|(?:rappellerons|appellerons|recontacterons|relancerons|ecrirons) (?:a nouveau|encore|sans cesse|regulierement)`,
    'medium',
    'pressure',
    { unless: String.raw`conformement|(?:l${A})?article \d|si vous le souhaitez|a tout moment` },
  ),
  rule(
    'fr.pressure.loss',
    'pressure',
    'fr',
    // A loss or a sanction tied to not saying yes now, guilt about one's family or one's peers, fear
    // stirred to sell, silence taken for consent (Annex I No. 29), persistence announced.
    String.raw`(?:faute de quoi|sans quoi|sinon|a defaut|sans (?:signature|reponse|votre (?:accord|signature|reponse)))[^.?!]{0,80}(?:suspendu|resilie|coupe|bloque|perd|penalit|factur|refuse|supprime|sanction|amende)\p{L}*|(?:ou|sinon),? (?:vous )?(?:perdrez|allez perdre|perdez)|(?:garantir|maintenir|bloquer|tenir) ce (?:prix|tarif)[^.?!]{0,30}que si|si vous (?:raccrochez|hesitez|insistez|tardez|partez|attendez trop)|si vous ne [\p{L}]+ pas (?:aujourd${A}hui|maintenant|tout de suite|ce soir|immediatement|pendant (?:notre|cet) appel)|(?:ne )?(?:retrouverez|reverrez|aurez) (?:plus )?jamais (?:ce|cette|un tel|une telle|pareil|une occasion)|(?:je|nous) ne (?:pourrai|pourrons) plus rien (?:faire )?pour vous|vous risquez (?:une amende|des (?:sanctions|penalites|poursuites)|de (?:perdre|tout perdre|payer|finir))|(?:avez|as)[- ](?:vous|tu) pense a (?:votre|ta|vos|tes) (?:famille|enfants|proches|avenir|securite|sante)|(?:un vrai|une vraie|tout bon|toute bonne) (?:parent|pere|mere|papa|maman)|ce sera votre choix|(?:etre|serez|restez|etes) (?:le|la) (?:seule?|dernier|derniere) (?:a|de|du|de l${A})|ne faites pas partie de ceux qui|vous ne voulez pas ${w(6)}n${A}est-ce pas|mett\p{L}* ${w(3)}en danger|(?:contactera|appellera|relancera|rappellera|contacteront|appelleront|relanceront)[^.?!]{0,20}(?:a plusieurs reprises|regulierement|plusieurs fois|jusqu${A}a)|(?:bloquee?|suspendue?|desactivee?|gelee?)s? ${w(4)}jusqu${A}a ce que vous|(?:ne pas repondre|sans reponse de votre part|votre silence|l${A}absence de reponse)[^.?!]{0,60}(?:vaut|vaudra|sera (?:considere|interprete)e?|equivaut|comme une) (?:comme )?(?:une )?(?:acceptation|accord|consentement)|quelqu${A}un d${A}autre (?:prendra|aura|profitera)|(?:un|une|des) (?:enfant|famille|personne)s? (?:n${A}aura|n${A}auront|ne mangera|ne mangeront|restera|resteront)[^.?!]{0,30}(?:pas|sans)`,
    'medium',
    'pressure',
    { unless: String.raw`conformement|(?:l${A})?article \d|art\. ?\d|vos conditions generales|comme prevu` },
  ),
  // ---- misleading "free": UCPD Annex I No. 20.
  rule(
    'fr.free.then',
    'misleading_free',
    'fr',
    String.raw`(?:gratuit|gratuite|gratuits|gratuites|gratuitement|offert|offerte|offerts|offertes|cadeau|0 ?€|zero euro)[^.?]{0,80}(?:puis|ensuite|au[- ]dela|apres quoi|se poursuit|se prolonge|continue|reconduction|reconduit)[^.;?]{0,40}(?:\d[\d.,]*\s?(?:€|euros?)|pay[\p{L}]*|factur[\p{L}]*|prelev[\p{L}]*|automatique(?:ment)?|tarif (?:plein|normal|en vigueur))|(?:gratuit|gratuite|offert|offerte|cadeau)[^.;?]{0,60}(?:il (?:vous )?suffit de (?:regler|payer)|seuls? (?:les )?frais|ne (?:payez|reglez) que|payez (?:seulement|uniquement)|(?:moyennant|en echange de|contre) ${w(3)}(?:signature|souscription|abonnement|engagement|achat|paiement|frais)|a condition de (?:souscrire|vous abonner|payer|signer|commander|acheter|prendre)|sous reserve (?:de (?:souscrire|vous abonner|payer|signer|commander|prendre)|d${A}(?:acheter|adherer|ouvrir|acquerir))|reste(?:nt)? a (?:votre|ta) charge|avec (?:un|une) (?:forfait|abonnement|engagement)|(?<!aucun |sans |pas d${A})achats? (?:necessaires?|obligatoires?|requis|indispensables?))|(?:gratuit|offert)e?s? ?\*|(?:gratuit|gratuite|offert|offerte)[^.]{0,60}\(?frais de (?:preparation|dossier|gestion|traitement|activation|mise en service|inscription)|(?:gratuit|gratuite|offert|offerte)[^.]{0,40}engagement (?:de |d${A})?(?:\d+|douze|vingt-quatre) mois|(?:gratuit|gratuite|gratuits|gratuites|offert|offerte)[^?]{0,80}(?:necessitent|necessite|requiert|requierent|exige|exigent) (?:un|une) (?:abonnement|achat|forfait|souscription|engagement)|(?:zero euro|0 ?€|rien) a payer (?:aujourd${A}hui|maintenant|tout de suite|a la commande)|(?:pour|a) (?:1|un) ?(?:€|euro)(?: seulement| symbolique)?[^?]{0,60}(?:ensuite|puis|au-dela|apres)[^?]{0,30}\d[\d.,]*\s?(?:€|euros?)`,
    'medium',
    'misleadingFree',
    {
      unless: String.raw`(?:annul|resili|arret)[\p{L}]* ${w(3)}(?:a tout moment|avant|gratuitement|sans frais)|rien ne vous sera (?:facture|preleve)|sans engagement|jusqu${A}a \d+ (?:par|/) ?(?:mois|an|semaine|jour)`,
    },
  ),
  // ---- children: UCPD Annex I No. 28, a direct exhortation to children to buy or to get a parent to buy.
  rule(
    'fr.children.exhort',
    'children',
    'fr',
    String.raw`(?:demande|dis|montre|convaincs|supplie|persuade|reclame)[- ](?:le |la |les |leur |lui |vite )?${w(2)}a (?:tes|ton|ta) (?:parents|papa|maman|pere|mere|grands[- ]parents|papi|papy|mamie|famille|tonton|tata)|(?:papa|maman|tes parents|ton pere|ta mere) ${w(3)}(?:la |sa |leur )?carte (?:bleue|bancaire|de credit)|(?:tes|ton|ta) (?:parents|papa|maman|grands[- ]parents) (?:de t${A}|te l${A}|t${A}achetent|pour (?:t${A}|te l${A}))|carte (?:bleue|bancaire|de credit) de (?:tes|ton|ta|papa|maman)|la carte (?:bleue )?de (?:papa|maman)|(?:les enfants|les ados|les kids|les petits|les champions|les loulous|petits [\p{L}]+),? ${w(8)}(?:achetez|demandez|courez|foncez|allez|venez|dites|reclamez|convainquez|reservez|commandez)|(?:demandez|dites|reclamez|montrez)[- ](?:le |la |les |leur |lui )?${w(3)}a vos (?:parents|papa|maman|grands[- ]parents)(?! d${A})|(?:convaincs|convainquez|persuade|persuadez) (?:tes|vos) parents|(?:dis|dites|demande|demandez|montre|montrez|reclame|reclamez)(?:-lui)? (?:a )?(?:papa|maman)|(?:maman|papa|tes parents|vos parents) (?:dira|diront) oui|ne pourront pas (?:te |vous )?dire non|reclame ${w(4)}a (?:tes|ton|ta) (?:parents|papa|maman)|fais[- ]toi (?:offrir|acheter)|fais[- ](?:le|la|les)[- ](?:acheter|offrir)|(?:qu${A}on|que tes parents) te l${A}(?:achete|offre)nt?|il te (?:le|la|les) faut`,
    'high',
    'children',
  ),
  rule(
    'fr.children.buy',
    'children',
    'fr',
    // "tu" imperatives to buy, where the sentence speaks of a child's world (games, toys, school).
    String.raw`(?:achete|commande|obtiens|debloque|offre[- ]toi|prends|telecharge|fonce|cours|choisis|recupere|craque pour|clique)[- ]?(?:vite |ici |tout de suite |maintenant |des maintenant |et achete )?(?:le|la|les|ton|ta|tes|un|une|des|\d+|ce|cette|tous?)(?![\p{L}])|(?:clique|appuie|tape) (?:vite )?(?:sur|ici)[^.!?]{0,12}(?:acheter|commander|payer)|achete-(?:lui|leur|en)|prends-en`,
    'high',
    'children',
    {
      requires: String.raw`heros|gemmes?|pieces? d${A}or|skins?|niveaux?|personnages?|jouets?|console|recre|copains|copines|noel|princesse|robots?|bonbons?|cartes? a collectionner|figurines?|poupees?|jeux?(?! concours)|coffres?|pouvoirs?|avatar|ecole|cartable|doudou|dessin anime|classe|devoirs|argent de poche|gouter|stickers|autocollants|vies|panda|licorne|dragon|lutins|slime|bonus|le plus fort|la plus forte|champion`,
    },
  ),
  // ---- green claims: Dir. 2024/825 (UCPD Annex I Nos. 4a and 4c), from 2026-09-27.
  rule(
    'fr.green.generic',
    'greenwashing',
    'fr',
    String.raw`eco[- ]?(?:responsables?|logiques?|friendly|conc?u(?:e|s|es)?|citoyens?|compatibles?)|ecologiques?|ecolos?|respectueu(?:x|se|ses)? (?:de|pour) (?:l${A}environnement|la planete|la nature|la terre|le climat)|respecte(?:nt)? (?:l${A}environnement|la planete|la nature)|bon(?:ne|s|nes)? pour (?:la planete|l${A}environnement|le climat|la terre|la nature)|(?:produit|choix|energie|electricite|marque|offre|gamme|banque|carburant|voiture|geste|mode|solution|emballage|lessive)s? (?:verte?s?|durables?|responsables?|propres?)|100 ?% (?:verte?|naturel(?:le)?|ecolo[\p{L}]*|durable|propre)|ami(?:e)?s? de la planete|zero impact|impact (?:environnemental|ecologique|sur (?:la planete|l${A}environnement)) (?:reduit|limite|maitrise|minimal|minime)(?! de \d| d${A}environ \d)|sans impact (?:sur|pour) (?:l${A}environnement|la planete|le climat|la nature)|(?:prend|prenons|prennent|prendre) soin de (?:la planete|l${A}environnement|la terre)|engagee?s? pour (?:la planete|la terre|le climat|l${A}environnement)|roulez propre|(?:un )?monde plus (?:propre|vert)|geste pour la planete|naturellement (?:respectueu|bon|verte?)|durable et responsable|verte? et (?:responsable|durable)`,
    'high',
    'greenGeneric',
    {
      from: '2026-09-27',
      unless: String.raw`certifie|label|garanties? d${A}origine|\bfsc\b|iso ?14|\d+ ?% (?:de |d${A})?(?:carton|plastique|matiere|fibres?|materiaux|verre|metal|aluminium|coton|laine)`,
    },
  ),
  rule(
    'fr.green.offset',
    'greenwashing',
    'fr',
    String.raw`neutres? en (?:carbone|co2|co₂|emissions)|neutres? (?:en|pour le) climat|(?:carbone|co2) neutre|neutralite carbone|zero (?:carbone|emissions?|co2)|(?:entierement|integralement|100 ?%) compensee?s?|emissions ${w(2)}compensees|compens(?:e|ons|ez|er|ation) ${w(3)}(?:vos|nos|ses|les|des|leurs?|votre|notre) (?:emissions|empreinte|carbone|co2)|(?:projets?|programmes?) de compensation|climatiquement neutre|bilan carbone (?:nul|neutre|positif)|empreinte (?:carbone )?(?:est )?(?:compensee|nulle|neutre)`,
    'high',
    'greenOffset',
    { from: '2026-09-27', unless: `${SENTENCE_NEGATION}|a l${A}echappement|en roulant` },
  ),
];
