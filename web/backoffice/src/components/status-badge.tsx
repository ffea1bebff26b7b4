import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

/** What a status means to the reader, whatever the module: it picks the colour. */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** Theme colours of each tone (theme.ts keeps their text at AA contrast on the light background). */
export const TONE_COLOR: Record<Tone, string> = {
  neutral: 'gray',
  info: 'brand',
  success: 'green',
  warning: 'yellow',
  danger: 'red',
};

/**
 * A coloured badge for the state of a record (a complaint's status, a user's "disabled", a token's
 * "expired"). Use it wherever a status is shown in a table or a header; map your module's status
 * codes to a tone and a translated label, never show the code. The label carries the meaning, the
 * colour only repeats it (WCAG 1.4.1).
 */
export function StatusBadge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <Badge color={TONE_COLOR[tone]}>{children}</Badge>;
}
