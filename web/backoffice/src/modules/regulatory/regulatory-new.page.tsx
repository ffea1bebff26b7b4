import { Anchor, Box, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Page } from '../../components/page.tsx';
import { createRegulatoryEvent, regulatoryKeys } from './api.ts';
import { RegulatoryForm } from './regulatory-form.tsx';

/** Records a new regulatory event (/app/regulatory/new). */
export function NewRegulatoryEventPage() {
  const { t } = useTranslation('regulatory');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: createRegulatoryEvent,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: regulatoryKeys.all });
      queryClient.setQueryData(regulatoryKeys.one(created.id), created);
      void navigate(`/regulatory/${created.id}`);
    },
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
