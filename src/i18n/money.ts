/**
 * Amounts in minor units (cents) written the usual way of each language ("80,00 €", "€80.00"),
 * for the portal, error messages and the back office alike (no Node imports).
 */
const tagOf = (locale: string): string => (locale === 'en' ? 'en-GB' : 'fr-FR');

export function formatMoney(locale: string, cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat(tagOf(locale), { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    cents / 100,
  );
}

/** A percentage from basis points (2550 -> "25,5 %" / "25.5%"). */
export function formatBasisPoints(locale: string, basisPoints: number): string {
  return new Intl.NumberFormat(tagOf(locale), { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}
