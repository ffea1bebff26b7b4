/**
 * A fairer wording that can replace a finding's span as it stands, for the editors' "Apply
 * suggestion" button. Only where a neutral phrase fits in place of the pressure cue: a finding
 * whose fix needs facts only the writer has (a price, a date, a certification) or that concerns
 * the whole text (missing information) has none, and its advice (`suggestion`) is shown alone.
 * Each wording is checked by a unit test to raise no finding of its own.
 */
import type { MessageCategory, MessageLanguage } from '../../rules/messages/index.ts';

const REPLACEMENTS: Partial<Record<MessageCategory, Record<MessageLanguage, string>>> = {
  urgency: { fr: 'prenez le temps de choisir', en: 'take your time to choose' },
  scarcity: { fr: 'disponible', en: 'available' },
  misdirection: { fr: 'non merci', en: 'no thanks' },
  obstruction: { fr: 'vous pouvez résilier en ligne en quelques clics', en: 'you can cancel online in a few clicks' },
  pressure: { fr: 'vous êtes libre de prendre le temps de décider', en: 'you are free to take the time you need to decide' },
};

/** Categories that have a replacement wording (for the tests). */
export const REPLACEABLE_CATEGORIES = Object.keys(REPLACEMENTS) as MessageCategory[];

/**
 * The wording replacing `span` for a finding of `category`, in the text's language, capitalised
 * like the span's first letter; null when the category has none.
 */
export function replacementFor(category: MessageCategory, lang: MessageLanguage, span: string): string | null {
  const wording = REPLACEMENTS[category]?.[lang];
  if (!wording) return null;
  const first = span.charAt(0);
  return first !== first.toLowerCase() ? wording.charAt(0).toUpperCase() + wording.slice(1) : wording;
}
