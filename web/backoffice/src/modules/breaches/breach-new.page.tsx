import { Anchor, Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCreateAndOpen } from '../../components/create-and-open.ts';
import { Page } from '../../components/page.tsx';
import { breachKeys, createBreach } from './api.ts';
import { BreachForm } from './breach-form.tsx';

/** Records a new breach (/app/breaches/new): every breach goes in the register (GDPR Art. 33(5)). */
export function NewBreachPage() {
  const { t } = useTranslation('breaches');
  const mutation = useCreateAndOpen({ create: createBreach, listKey: breachKeys.all, recordKey: breachKeys.one, pathOf: (id) => `/breaches/${id}` });
  return (
    <Page title={t('bo.new.title')}>
      <Anchor component={Link} to="/breaches" size="sm" mb="sm" display="inline-block">
        {t('bo.back')}
      </Anchor>
      <Text mb="md" maw="48rem">
        {t('bo.new.intro')}
      </Text>
      <Box maw="52rem">
        <BreachForm
          draft
          submitLabel={t('bo.new.submit')}
          pending={mutation.isPending}
          error={mutation.error}
          onSubmit={(input) => mutation.mutate(input)}
        />
      </Box>
    </Page>
  );
}
