/**
 * The members of a string union from the API contract (an enum of a server schema), listed once
 * in display order: `allOf<BreachDto['risk']>()(['none', 'risk', 'high_risk'])`. Leaving a
 * member out, or naming one the server does not know, is a type error, so a value added on the
 * server cannot be forgotten in a select or a filter of the back office.
 */
export function allOf<T extends string>() {
  return <const V extends readonly T[]>(values: V & ([T] extends [V[number]] ? unknown : { missing: Exclude<T, V[number]> })): V => values;
}

/** Whether `value` (read from a form control or an older, looser DTO field) is one of `values`. */
export function isOneOf<V extends string>(values: readonly V[], value: string): value is V {
  return (values as readonly string[]).includes(value);
}
