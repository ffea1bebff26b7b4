import { Anchor, List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { findRuns, registerKeys } from './api.ts';
import { useRuleLabel } from './labels.ts';

/** History of retention runs, daily and manual (/app/retention/runs). */
export function RetentionRunsPage() {
  const { t } = useTranslation('register');
  const lang = currentLanguage();
  const ruleLabel = useRuleLabel();
  const runs = useQuery({ queryKey: registerKeys.runs, queryFn: findRuns });
  if (isApiError(runs.error, 403)) return <ForbiddenPage message={runs.error.message} />;
  return (
    <Page title={t('bo.runs.title')}>
      <Text mb="xs" maw="48rem">
        {t('bo.runs.intro')}
      </Text>
      <Anchor component={Link} to="/retention" size="sm" mb="md" display="inline-block">
        {t('bo.runs.back')}
      </Anchor>
      {runs.isPending ? (
        <Loading />
      ) : runs.isError ? (
        <LoadError error={runs.error} onRetry={() => void runs.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.runs.caption')}
          rows={runs.data}
          rowKey={(r) => r.id}
          empty={<EmptyState title={t('bo.runs.none')} />}
          columns={[
            { key: 'startedAt', header: t('bo.runs.startedAt'), cell: (r) => formatDateTime(r.startedAt, lang), nowrap: true },
            { key: 'trigger', header: t('bo.runs.trigger'), cell: (r) => t(`bo.runs.triggerValue.${r.trigger}`) },
            {
              key: 'status',
              header: t('bo.runs.status'),
              cell: (r) => (
                <>
                  {t(`bo.runs.statusValue.${r.status}`)}
                  {r.failedRule ? (
                    <Text size="sm" c="dimmed">
                      {t('bo.runs.failedRule', { rule: ruleLabel(r.failedRule) })}
                    </Text>
                  ) : null}
                </>
              ),
            },
            { key: 'purged', header: t('bo.runs.purged'), cell: (r) => r.purged, align: 'end' },
            { key: 'held', header: t('bo.runs.held'), cell: (r) => r.held, align: 'end' },
            {
              key: 'details',
              header: t('bo.runs.details'),
              cell: (r) => (
                <List size="sm">
                  {r.results
                    .filter((x) => x.purged > 0 || x.held > 0)
                    .map((x) => (
                      <List.Item key={x.rule}>
                        {t('bo.runs.resultLine', { rule: ruleLabel(x.rule), purged: x.purged, held: x.held })}
                      </List.Item>
                    ))}
                </List>
              ),
            },
          ]}
        />
      )}
    </Page>
  );
}
