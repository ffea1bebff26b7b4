/** Phone numbers of customers: pure, so schemas and the service share one normalisation. */

/**
 * A phone number in E.164, or null when it is not one. French numbers as people write them
 * (`06 12 34 56 78`, `+33 (0)6…`, `0033 6…`) become `+33612345678` (ARCEP national plan: 10 digits,
 * a leading 0 then 1-9); other international numbers keep their `+` and 8 to 15 digits (ITU-T E.164).
 */
export function normalisePhone(phone: string): string | null {
  const compact = phone.trim().replace(/[\s.\-/]/g, '').replace(/^\+33\(0\)/, '+33').replace(/[()]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (/^0[1-9]\d{8}$/.test(international)) return `+33${international.slice(1)}`;
  // "+33 06…": the national 0 written after the country code.
  const french = /^\+330?([1-9]\d{8})$/.exec(international);
  if (french) return `+33${french[1]}`;
  if (international.startsWith('+33')) return null;
  return /^\+[1-9]\d{7,14}$/.test(international) ? international : null;
}


/**
 * A number in E.164 as people read it: a French one in the national plan's pairs after the
 * country code (`+33612345678` → `+33 6 12 34 56 78`, ARCEP's written form); another country's
 * is left as it is, since each groups its digits its own way. What the function writes,
 * {@link normalisePhone} reads back to the same number, so it can be the value of a field.
 */
export function formatPhone(e164: string): string {
  const french = /^\+33([1-9])(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(e164);
  return french ? `+33 ${french.slice(1).join(' ')}` : e164;
}
