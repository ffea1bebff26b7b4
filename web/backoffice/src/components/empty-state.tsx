import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * What a list or panel shows when it has nothing yet: say why it is empty and what to do next
 * ("No complaint in your team's queue. Team leads are set in Advisors." + a link or button).
 * Use it instead of an empty table; a table whose filter matched nothing can use it too.
 */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Stack align="flex-start" gap="xs" py="md">
      <Text fw={600} component="p">
        {title}
      </Text>
      {children ? (
        <Text size="sm" c="dimmed" component="div">
          {children}
        </Text>
      ) : null}
      {action}
    </Stack>
  );
}
