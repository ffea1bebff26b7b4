/**
 * Plural forms of the shared catalogues, for the server and the back office alike (no Node
 * imports). Catalogues are written with i18next's `_one` and `_other` keys in both languages, so
 * French and English keep the same keys. French has a third CLDR category, `many`, for exact
 * millions ("1 000 000 de demandes"); i18next looks up `_many` for those counts and, not finding
 * it, would show the key. Written in digits the `_other` sentence reads right, so it stands in.
 */

/** A namespace's messages: nested objects of strings. */
export type MessageTree = { [key: string]: string | MessageTree };

/** Returns `tree` with every plural category of `locale` that a `_other` key lacks, filled from `_other`. */
export function withAllPluralForms(locale: string, tree: MessageTree): MessageTree {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const out: MessageTree = {};
  for (const [key, value] of Object.entries(tree)) {
    out[key] = typeof value === 'string' ? value : withAllPluralForms(locale, value);
  }
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value !== 'string' || !key.endsWith('_other')) continue;
    const base = key.slice(0, -'_other'.length);
    for (const category of categories) out[`${base}_${category}`] ??= value;
  }
  return out;
}
