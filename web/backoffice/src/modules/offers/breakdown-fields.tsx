import { Button, Fieldset, Group, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FieldError, TextField } from '../../components/form.tsx';
import { amountInputValue, formatAmount } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { toCents } from './api.ts';

/** One line of the breakdown as typed: labels and an amount in euros. */
export interface LineDraft {
  fr: string;
  en: string;
  amount: string;
}

/**
 * The cost breakdown the company publishes, line by line; the running total is shown against the
 * price, since the server refuses lines that do not add up to it.
 */
export function BreakdownFields({
  lines,
  onChange,
  priceCents,
  error,
}: {
  lines: LineDraft[];
  onChange: (lines: LineDraft[]) => void;
  priceCents: number;
  error: string | undefined;
}) {
  const { t } = useTranslation('offers');
  const lang = currentLanguage();
  const total = lines.reduce((sum, l) => sum + (toCents(l.amount) || 0), 0);
  const set = (i: number, patch: Partial<LineDraft>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <Fieldset legend={t('bo.fields.breakdown')} mb="md" id="offer-breakdown" aria-describedby={error ? 'offer-breakdown-error' : undefined}>
      <Text size="sm" mb="sm">
        {t('bo.form.breakdownHint')}
      </Text>
      {lines.map((line, i) => (
        <SimpleGrid key={i} cols={{ base: 1, sm: 4 }} spacing="sm" verticalSpacing={0}>
          <TextField
            id={`line-${i}-fr`}
            label={t('bo.form.lineFr', { n: i + 1 })}
            value={line.fr}
            onChange={(e) => set(i, { fr: e.currentTarget.value })}
          />
          <TextField
            id={`line-${i}-en`}
            label={t('bo.form.lineEn', { n: i + 1 })}
            value={line.en}
            onChange={(e) => set(i, { en: e.currentTarget.value })}
          />
          <TextField
            id={`line-${i}-amount`}
            label={t('bo.form.lineAmount', { n: i + 1 })}
            inputMode="decimal"
            value={line.amount}
            onChange={(e) => set(i, { amount: e.currentTarget.value })}
          />
          <Group align="end" mb="sm">
            <Button variant="default" onClick={() => onChange(lines.filter((_, j) => j !== i))}>
              {t('bo.form.removeLine', { n: i + 1 })}
            </Button>
          </Group>
        </SimpleGrid>
      ))}
      <Group gap="sm" align="center">
        <Button variant="default" onClick={() => onChange([...lines, { fr: '', en: '', amount: '' }])} disabled={lines.length >= 12}>
          {t('bo.form.addLine')}
        </Button>
        {lines.length > 0 ? (
          <Text size="sm" aria-live="polite">
            {t('bo.form.lineTotal', {
              total: formatAmount(total, lang),
              price: Number.isFinite(priceCents) ? formatAmount(priceCents, lang) : '—',
            })}
          </Text>
        ) : null}
      </Group>
      <FieldError id="offer-breakdown-error" message={error} />
    </Fieldset>
  );
}

/** The published breakdown as lines to edit, amounts written in the UI language ("12,50"). */
export function linesOf(breakdown: { label: { fr: string; en: string }; amountCents: number }[], lang: string): LineDraft[] {
  return breakdown.map((l) => ({ fr: l.label.fr, en: l.label.en, amount: amountInputValue(l.amountCents, lang) }));
}

export function breakdownOf(lines: LineDraft[]) {
  return lines.map((l) => ({ label: { fr: l.fr.trim(), en: l.en.trim() }, amountCents: toCents(l.amount) }));
}
