/** Type-level tests of {@link allOf}, checked by `npm run typecheck`. */
import { allOf } from './union.ts';

type Risk = 'none' | 'risk' | 'high_risk';

export const all = allOf<Risk>()(['none', 'risk', 'high_risk']);
const first: 'none' = all[0];
// @ts-expect-error 'high_risk' is missing
export const missing = allOf<Risk>()(['none', 'risk']);
// @ts-expect-error 'severe' is not a risk level
export const unknown = allOf<Risk>()(['none', 'risk', 'high_risk', 'severe']);
export { first };
