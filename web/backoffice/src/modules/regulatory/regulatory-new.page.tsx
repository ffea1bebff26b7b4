import { Anchor, Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCreateAndOpen } from '../../components/create-and-open.ts';
import { Page } from '../../components/page.tsx';
import { createRegulatoryEvent, regulatoryKeys } from './api.ts';
import { RegulatoryForm } from './regulatory-form.tsx';

/** Records a new regulatory event (/app/regulatory/new). */
export function NewRegulatoryEventPage() {
  const { t } = useTranslation('regulatory');
  const mutation = useCreateAndOpen({
    create: createRegulatoryEvent,
    listKey: regulatoryKeys.all,
    recordKey: regulatoryKeys.one,
    pathOf: (id) => `/regulatory/${id}`,
  });
  return (
    <Page title={t('bo.new.title')}>
      <Anchor component={Link} to="/regulatory" size="sm" mb="sm" display="inline-block">
        {t('bo.back')}
      </Anchor>
      <Text mb="md" maw="48rem">
        {t('bo.new.intro')}
      </Text>
      <Box maw="52rem">
        <RegulatoryForm submitLabel={t('bo.new.submit')} pending={mutation.isPending} error={mutation.error} onSubmit={(input) => mutation.mutate(input)} />
      </Box>
    </Page>
  );
}
