import { Box, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { RadioGroup } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { dateFormatter } from '../../format.ts';
import { auditKeys, findAudits, type StatusFilter } from './api.ts';
import { AuditStatusBadge } from './badges.tsx';

/** Ethics audits (/app/audits): those not closed first, with their progress and open findings. */
export function AuditsPage() {
  const { t } = useTranslation('audits');
  const lang = currentLanguage();
  const me = useMe();
  const [status, setStatus] = useState<StatusFilter>('all');
  const query = useQuery({ queryKey: auditKeys.list(status), queryFn: () => findAudits(status) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  return (
    <Page title={t('ethicsAudit.bo.title')}>
      <Text mb="sm" maw="48rem">
        {t('ethicsAudit.bo.intro')}
      </Text>
      {me.permissions.includes('ethics_audit:manage') ? (
        <Group gap="sm" mb="md">
          <Button component={Link} to="/audits/new">
            {t('ethicsAudit.bo.new')}
          </Button>
        </Group>
      ) : null}
      <RadioGroup<StatusFilter>
        id="audit-status"
        legend={t('ethicsAudit.fields.status')}
        inline
        value={status}
        onChange={setStatus}
        options={(['all', 'open', 'closed'] as const).map((v) => ({ value: v, label: t(`ethicsAudit.bo.statusFilter.${v}`) }))}
      />
      {/* The table right under the page's heading, as the other lists: a card titled like the page repeated its h1 and took the width of a column. */}
      <Box mt="md">
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <DataTable
            caption={t('ethicsAudit.bo.title')}
            rows={query.data}
            rowKey={(a) => a.id}
            rowHref={(a) => `/audits/${a.id}`}
            stickyFirstColumn
            empty={<EmptyState title={t('ethicsAudit.bo.empty')} />}
            columns={[
              { key: 'reference', header: t('ethicsAudit.fields.reference'), cell: (a) => a.reference, sortValue: (a) => a.reference, nowrap: true },
              { key: 'template', header: t('ethicsAudit.fields.template'), cell: (a) => a.title, sortValue: (a) => a.title },
              { key: 'scope', header: t('ethicsAudit.fields.scope'), cell: (a) => a.scope },
              { key: 'auditor', header: t('ethicsAudit.fields.auditor'), cell: (a) => a.auditorName ?? '', sortValue: (a) => a.auditorName ?? '' },
              // The short date of every list ("7 déc. 2026"): the long one pushed the last column out at 1280 px.
              { key: 'startsOn', header: t('ethicsAudit.fields.startsOn'), cell: (a) => dateFormatter(lang).date(a.startsOn), sortValue: (a) => a.startsOn, nowrap: true },
              { key: 'status', header: t('ethicsAudit.fields.status'), cell: (a) => <AuditStatusBadge status={a.status} />, sortValue: (a) => a.status },
              {
                key: 'progress',
                header: t('ethicsAudit.fields.progress'),
                cell: (a) => t('ethicsAudit.progress', { answered: a.progress.answered, total: a.progress.total, nonCompliant: a.progress.nonCompliant }),
                sortValue: (a) => a.progress.answered / Math.max(1, a.progress.total),
              },
              { key: 'findings', header: t('ethicsAudit.fields.openFindings'), cell: (a) => a.openFindings, sortValue: (a) => a.openFindings },
            ]}
          />
        )}
      </Box>
    </Page>
  );
}
