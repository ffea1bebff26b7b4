import { useTranslation } from 'react-i18next';
import type { PeriodDto } from './api.ts';

/** "3 ans", "61 days": a period in the interface language (i18next picks the plural form). */
export function usePeriod(): (p: PeriodDto) => string {
  const { t } = useTranslation('register');
  return (p) => t(`unit.${p.unit}`, { count: p.amount });
}

/** The readable name of a retention rule key. */
export function useRuleLabel(): (rule: string) => string {
  const { t } = useTranslation('register');
  return (rule) => t(`rule.${rule}.label`, { defaultValue: rule });
}

/** The catalogue key of a fideslang data category (`user.contact.email` -> `dataCategory.user_contact_email`): its dots are not key paths. */
export const dataCategoryKey = (category: string) => `dataCategory.${category.replaceAll('.', '_')}`;

/** The module an inventory table belongs to (`complaints.complaints` -> `complaints`). */
export const moduleOfTable = (table: string) => table.split('.')[0] ?? table;
