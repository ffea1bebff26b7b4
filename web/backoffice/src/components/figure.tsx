import { Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A change against the previous period; `better` says which direction is good news. */
export interface Trend {
  /** Already formatted ("+12 %", "−3"): the sign is read from `direction`. */
  text: string;
  direction: 'up' | 'down' | 'flat';
  better?: 'up' | 'down';
}

/**
 * One key figure with its label and, optionally, its trend: for the tiles at the top of a home
 * or a dashboard ("Complaints breaching within 48 h: 3"). Keep the label short and the value
 * already formatted in the user's language; link the tile's subject in `children` if useful.
 */
export function Figure({ label, value, trend, children }: { label: string; value: ReactNode; trend?: Trend; children?: ReactNode }) {
  const { t } = useTranslation();
  const good = trend && trend.direction !== 'flat' && trend.better ? trend.direction === trend.better : undefined;
  const colour = good === undefined ? 'dimmed' : good ? 'green.7' : 'red.7';
  const arrow = trend?.direction === 'up' ? '↑' : trend?.direction === 'down' ? '↓' : '→';
  return (
    <Paper withBorder p="sm" radius="sm">
      <Text size="sm" c="dimmed" component="p">
        {label}
      </Text>
      <Group gap="xs" align="baseline">
        <Text fz="1.6rem" fw={700} lh={1.2} component="p">
          {value}
        </Text>
        {trend ? (
          <Text size="sm" c={colour} component="p">
            <span aria-hidden="true">{arrow} </span>
            {trend.direction === 'flat' ? t('ui.trend.flat') : t(`ui.trend.${trend.direction}`, { value: trend.text })}
          </Text>
        ) : null}
      </Group>
      {children}
    </Paper>
  );
}
