import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Page } from '../../components/page.tsx';
import { breachKeys, createBreach } from './api.ts';
import { BreachForm } from './breach-form.tsx';

/** Records a new breach (/app/breaches/new): every breach goes in the register (GDPR Art. 33(5)). */
export function NewBreachPage() {
  const { t } = useTranslation('breaches');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: createBreach,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: breachKeys.all });
      queryClient.setQueryData(breachKeys.one(created.id), created);
      void navigate(`/breaches/${created.id}`);
    },
  });
  return (
    <Page title={t('bo.new.title')}>
      <p>
        <Link to="/breaches">{t('bo.back')}</Link>
      </p>
      <p>{t('bo.new.intro')}</p>
      <BreachForm draft submitLabel={t('bo.new.submit')} pending={mutation.isPending} error={mutation.error} onSubmit={(input) => mutation.mutate(input)} />
    </Page>
  );
}
