import { Container, Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { SkipLink } from './app-shell.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { useDocumentTitle } from './page.tsx';

/** The frame of pages seen before signing in (sign-in, forgotten password): brand, language, one main with a centred card. */
export function StandalonePage({ title, children }: { title: string; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <>
      <SkipLink />
      <Group component="header" justify="space-between" px="md" h={56} wrap="nowrap">
        <span className="cf-brand">Confiance</span>
        <LanguageSwitch />
      </Group>
      <Container component="main" id="main" tabIndex={-1} size={480} py="lg">
        <Paper withBorder p="lg" radius="md">
          <Title order={1} mb="md">
            {title}
          </Title>
          {children}
        </Paper>
      </Container>
    </>
  );
}
