/**
 * Public API of the message rules: explainable fr/en findings (pure, dated; see references.ts
 * for why they live here and the classifier in src/core/messages/).
 */
import { foldSameLength } from './fold.ts';
import { FRENCH_RULES } from './french.ts';
import { CATEGORY_TEXT, ENGLISH_RULES, type MessageCategory, type MessageLanguage, type PatternRule, type Severity } from './lexicon.ts';
import { buildPrefilter, type Prefilter } from './prefilter.ts';
import { REFERENCES } from './references.ts';
import { gapText, requiredGaps, type MessageType } from './required.ts';

export { MESSAGE_CATEGORIES, SEVERITIES, GREEN_CLAIMS_FROM, type MessageCategory, type MessageLanguage, type Severity } from './lexicon.ts';
export { MESSAGE_TYPES, type MessageType } from './required.ts';
export { REFERENCES } from './references.ts';

/** One finding: where, what, how serious, which rule, why and what to write instead. */
export interface RuleFinding {
  category: MessageCategory;
  /** UTF-16 code unit offsets (JavaScript string indices) of the span in the text. */
  start: number;
  end: number;
  severity: Severity;
  /** The rule the text touches (UCPD article or Annex I item, Dir. 2024/825, C. consom. article), cited in the reader's language. */
  rule: string;
  /** Explanation in the reader's language. */
  message: string;
  /** A fairer wording, in the reader's language. */
  suggestion: string;
  /** Which pattern or check found it. */
  ruleId: string;
}

const FR_WORDS =
  /(?<!\p{L})(le|la|les|des|du|une|est|et|vous|votre|vos|pour|avec|dans|sur|pas|nous|ce|cette|qui|que|au|aux|à|plus|être|été|merci|bonjour)(?!\p{L})/giu;
const EN_WORDS =
  /(?<!\p{L})(the|and|is|are|you|your|for|with|in|on|not|we|our|this|that|which|to|of|be|been|thanks|hello|only|left|now)(?!\p{L})/giu;

/** fr or en, by counting common function words (accented letters tip it to French); ties go to French, the product's first language. */
export function detectLanguage(text: string): MessageLanguage {
  const fr = (text.match(FR_WORDS)?.length ?? 0) + (/[éèêàçùœ]/i.test(text) ? 1 : 0);
  const en = text.match(EN_WORDS)?.length ?? 0;
  return en > fr ? 'en' : 'fr';
}

export interface RuleCheckOptions {
  /** Language of the text (detected when absent). */
  lang?: MessageLanguage;
  /** Language of the person reading the findings (defaults to the text's). */
  locale?: MessageLanguage;
  type?: MessageType;
  /** The day the message is judged on (ISO date): dated rules apply from their day. Defaults to today. */
  on?: string;
  /** Lowest price of the previous 30 days, when the offer history is known (reductions). */
  referencePrice?: number;
  /**
   * Whether something outside the rules (the classifier) sees manipulation in the text. With a
   * manipulation finding of the rules, it lets an uncertain omission (RequiredGap.needsCue) be high.
   */
  manipulationCue?: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

const RULES: Record<MessageLanguage, readonly PatternRule[]> = { en: ENGLISH_RULES, fr: FRENCH_RULES };
/**
 * Memo: per language, the automaton telling which rules a text can wake (prefilter.ts), built when
 * a text in that language is first checked, not at import: `confiance lint` answers a French line
 * without building the English one.
 */
const prefilters = new Map<MessageLanguage, Prefilter>();

function prefilterFor(lang: MessageLanguage): Prefilter {
  let prefilter = prefilters.get(lang);
  if (!prefilter) {
    prefilter = buildPrefilter(RULES[lang].map((r) => r.pattern.source));
    prefilters.set(lang, prefilter);
  }
  return prefilter;
}

const LETTER = /[\p{L}\p{N}]/u;
/** Words that end in an elision (jusqu'à, lorsqu'il): the word after the apostrophe is another word. */
const ELIDED = /(?:^|[^\p{L}])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)$/u;

/**
 * A rule may stop inside a word ("aujourd" of "aujourd'hui", a stem before its ending): the span
 * runs to the word's end, so the highlight covers whole words and a suggestion applied in its
 * place never leaves half a word behind ("choisir'hui").
 */
function wordEnd(folded: string, end: number): number {
  if (end === 0 || !LETTER.test(folded[end - 1]!)) return end;
  let at = end;
  for (;;) {
    while (at < folded.length && LETTER.test(folded[at]!)) at++;
    if (folded[at] === "'" && at + 1 < folded.length && LETTER.test(folded[at + 1]!) && !ELIDED.test(folded.slice(Math.max(0, at - 8), at)))
      at++;
    else return at;
  }
}

/** The sentence holding [start, end): from the last full stop, question or exclamation mark or line break before it to the next. */
function sentenceAround(folded: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && !isSentenceEnd(folded.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < folded.length && !isSentenceEnd(folded.charCodeAt(to))) to++;
  return folded.slice(from, to);
}

function isSentenceEnd(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a;
}

/** The rules' findings on one text, in text order (overlapping matches of one category merged). */
export function findRuleFindings(text: string, options: RuleCheckOptions = {}): RuleFinding[] {
  const lang = options.lang ?? detectLanguage(text);
  const locale = options.locale ?? lang;
  const on = options.on ?? new Date().toISOString().slice(0, 10);
  const findings: RuleFinding[] = [];
  const folded = foldSameLength(text);
  const rules = RULES[lang];
  const awake = prefilterFor(lang).candidates(folded);
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    if ((awake & (1 << r)) === 0 || (rule.from !== undefined && on < rule.from)) continue;
    for (const m of folded.matchAll(rule.pattern)) {
      if (m[0].length === 0) continue;
      const start = m.index;
      const end = wordEnd(folded, start + m[0].length);
      if (rule.unless || rule.requires) {
        const sentence = sentenceAround(folded, start, end);
        if (rule.unless?.test(sentence) || (rule.requires && !rule.requires.test(sentence))) continue;
      }
      const same = findings.find((f) => f.category === rule.category && f.start < end && start < f.end);
      if (same) {
        same.start = Math.min(same.start, start);
        same.end = Math.max(same.end, end);
        if (SEVERITY_RANK[rule.severity] > SEVERITY_RANK[same.severity]) same.severity = rule.severity;
        continue;
      }
      const text = CATEGORY_TEXT[rule.category];
      findings.push({
        category: rule.category,
        start,
        end,
        severity: rule.severity,
        rule: REFERENCES[rule.reference][locale],
        message: text.message[locale],
        suggestion: text.suggestion[locale],
        ruleId: rule.id,
      });
    }
  }
  if (options.type) {
    // An omission a pattern may have misread flags only beside a sign of manipulation: "rules need a pressure cue, not a number".
    const cue = options.manipulationCue === true || findings.length > 0;
    for (const gap of requiredGaps(
      text,
      options.type,
      options.referencePrice === undefined ? {} : { referencePrice: options.referencePrice },
    )) {
      const { message, suggestion } = gapText(gap, locale);
      findings.push({
        category: 'missing_information',
        start: gap.start,
        end: gap.end,
        severity: gap.needsCue && !cue && gap.severity === 'high' ? 'medium' : gap.severity,
        rule: REFERENCES[gap.reference][locale],
        message,
        suggestion,
        ruleId: `required.${gap.key}`,
      });
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}
