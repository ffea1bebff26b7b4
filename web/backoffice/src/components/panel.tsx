import { Box, Card, Group, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/**
 * A titled section of a page on a bordered card (a record's summary, a form, a list): a
 * `<section>` named by its h2, with optional controls beside the title ("Log a request").
 * Use it for every block of a page instead of hand-written panels.
 */
export function Panel({ title, actions, children, id }: { title: ReactNode; actions?: ReactNode; children: ReactNode; id?: string }) {
  const generated = useId();
  const titleId = id ?? `panel-${generated.replace(/:/g, '')}`;
  return (
    <Card component="section" withBorder padding="md" mb="md" aria-labelledby={titleId}>
      <Group justify="space-between" align="center" mb="sm" gap="xs" wrap="wrap">
        <Title order={2} id={titleId}>
          {title}
        </Title>
        {actions ? <Group gap="xs">{actions}</Group> : null}
      </Group>
      {children}
    </Card>
  );
}

/** One line of {@link Facts}: a term and what it is; `hidden` lines (nothing to say) are left out. */
export interface Fact {
  label: string;
  value: ReactNode;
  hidden?: boolean;
}

/**
 * A record's facts as a definition list laid out in label | value columns (two pairs side by
 * side on wide screens, stacked on phones): the summary of a complaint, a request, a breach.
 * `stacked` puts each label above its value, for narrow columns.
 */
export function Facts({ items, columns = 2, stacked = false }: { items: readonly Fact[]; columns?: 1 | 2; stacked?: boolean }) {
  return (
    <Box
      component="dl"
      className={['cf-facts', columns === 2 ? 'cf-facts-2' : '', stacked ? 'cf-facts-stacked' : ''].filter(Boolean).join(' ')}
    >
      {items
        .filter((item) => !item.hidden)
        .map((item) => (
          <div key={item.label} className="cf-fact">
            <dt>{item.label}</dt>
            <dd>{item.value}</dd>
          </div>
        ))}
    </Box>
  );
}
