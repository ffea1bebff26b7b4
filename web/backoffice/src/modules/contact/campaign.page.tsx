import { Alert, Anchor, Button, Group, List, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import {
  campaignKeys,
  downloadExport,
  getCampaign,
  scrubCampaign,
  submitMessageForApproval,
  type CampaignDetailDto,
  type ScrubDto,
} from './campaigns.api.ts';
import { CampaignState } from './campaigns.page.tsx';

/**
 * One campaign (/app/contact/campaigns/:id): what it says and what the message checker found,
 * the scrub at the send instant (counts by reason, the CSV of every decision kept as evidence),
 * and the export of the allowed recipients once nothing blocks it.
 */
export function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('contact');
  const me = useMe();
  const dates = dateFormatter(currentLanguage());
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: campaignKeys.one(id), queryFn: () => getCampaign(id) });
  // Exporting refused (the scrub went out of date since the page was read) shows why, with "scrub again".
  const exported = useMutation({
    mutationFn: (url: string) => downloadExport(url, `campaign-${id}-allowed.csv`),
    onError: () => void queryClient.invalidateQueries({ queryKey: campaignKeys.one(id) }),
  });
  const scrub = useMutation({
    mutationFn: () => scrubCampaign(id),
    onSuccess: () => {
      exported.reset();
      void queryClient.invalidateQueries({ queryKey: campaignKeys.all });
    },
  });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404)) return <NotFoundPage />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const campaign = query.data;
  const canManage = me.permissions.includes('campaign:manage');
  const latest = campaign.latestScrub;
  return (
    <Page title={campaign.name}>
      <Anchor component={Link} to="/contact/campaigns" size="sm" mb="sm" display="inline-block">
        {t('bo.campaigns.back')}
      </Anchor>
      <Panel title={t('bo.campaigns.detail.summary')}>
        <Facts
          items={[
            { label: t('bo.form.channel'), value: t(`bo.channel.${campaign.channel}`) },
            { label: t('bo.form.purpose'), value: t(`bo.purpose.${campaign.purpose}`) },
            { label: t('bo.campaigns.fields.sector'), value: t(`bo.campaigns.sector.${campaign.sector}`) },
            { label: t('bo.campaigns.fields.scheduledAt'), value: dates.dateTime(campaign.scheduledAt) },
            { label: t('bo.campaigns.fields.recipients'), value: campaign.recipients },
            { label: t('bo.campaigns.detail.audience'), value: <AudienceOf campaign={campaign} /> },
            { label: t('bo.campaigns.fields.state'), value: <CampaignState campaign={campaign} /> },
          ]}
        />
      </Panel>
      <MessagePanel campaign={campaign} />
      <Panel
        title={t('bo.campaigns.detail.scrub')}
        actions={
          canManage ? (
            <Button onClick={() => !scrub.isPending && scrub.mutate()} loading={scrub.isPending}>
              {latest ? t('bo.campaigns.detail.scrubAgain') : t('bo.campaigns.detail.scrubNow')}
            </Button>
          ) : null
        }
      >
        <Text mb="sm">{t('bo.campaigns.detail.scrubIntro')}</Text>
        <div role="alert">{scrub.error ? <Alert color="red">{scrub.error.message}</Alert> : null}</div>
        <div role="status">
          {scrub.isSuccess ? (
            <Text fw={600}>{t('bo.campaigns.detail.scrubbed', { allowed: scrub.data.allowed, recipients: scrub.data.recipients })}</Text>
          ) : null}
        </div>
        {latest ? <ScrubReport scrub={latest} /> : <Text>{t('bo.campaigns.detail.notScrubbed')}</Text>}
      </Panel>
      <Panel title={t('bo.campaigns.detail.export')}>
        <div role="alert">
          {exported.error ? (
            <Alert color="red" mb="sm">
              <Text mb={canManage ? 'xs' : 0}>{exported.error.message}</Text>
              {canManage ? (
                <Button size="xs" variant="default" onClick={() => !scrub.isPending && scrub.mutate()} loading={scrub.isPending}>
                  {t('bo.campaigns.detail.scrubAgain')}
                </Button>
              ) : null}
            </Alert>
          ) : null}
        </div>
        {campaign.exportUrl ? (
          canManage ? (
            <>
              <Text mb="sm">{t('bo.campaigns.detail.exportIntro', { count: latest?.allowed ?? 0 })}</Text>
              <Button variant="default" onClick={() => !exported.isPending && exported.mutate(campaign.exportUrl!)} loading={exported.isPending}>
                {t('bo.campaigns.detail.exportLink')}
              </Button>
            </>
          ) : (
            <Text>{t('bo.campaigns.detail.exportManagers')}</Text>
          )
        ) : (
          <>
            <Text mb="xs">{t('bo.campaigns.detail.blocked')}</Text>
            <List>
              {campaign.blocks.map((b) => (
                <List.Item key={b}>{t(`bo.campaigns.block.${b}`)}</List.Item>
              ))}
            </List>
            {canManage && campaign.blocks.includes('scrub_stale') && !exported.error ? (
              <Button mt="sm" onClick={() => !scrub.isPending && scrub.mutate()} loading={scrub.isPending}>
                {t('bo.campaigns.detail.scrubAgain')}
              </Button>
            ) : null}
          </>
        )}
        <Text mt="sm" size="sm">
          {t('bo.campaigns.detail.recheck')}
        </Text>
      </Panel>
      {campaign.scrubs.length > 1 ? (
        <Panel title={t('bo.campaigns.detail.history')}>
          <DataTable
            caption={t('bo.campaigns.detail.historyCaption', { count: campaign.scrubs.length })}
            rows={campaign.scrubs}
            rowKey={(s) => s.id}
            columns={[
              {
                key: 'createdAt',
                header: t('bo.campaigns.fields.scrubbedAt'),
                cell: (s) => dates.dateTime(s.createdAt),
                sortValue: (s) => s.createdAt,
                nowrap: true,
              },
              {
                key: 'allowed',
                header: t('bo.campaigns.fields.allowed'),
                cell: (s) => s.allowed,
                sortValue: (s) => s.allowed,
                align: 'end',
              },
              { key: 'denied', header: t('bo.campaigns.fields.denied'), cell: (s) => s.denied, sortValue: (s) => s.denied, align: 'end' },
              {
                key: 'csv',
                header: t('bo.campaigns.fields.report'),
                cell: (s) => (
                  <Anchor href={s.decisionsUrl} download>
                    {t('bo.campaigns.detail.download')}
                  </Anchor>
                ),
              },
            ]}
          />
        </Panel>
      ) : null}
    </Page>
  );
}

/** Where the audience came from: the file's fingerprint, or the saved filter's conditions in words. */
function AudienceOf({ campaign }: { campaign: CampaignDetailDto }) {
  const { t } = useTranslation('contact');
  const { source, hash, filter } = campaign.audience;
  if (source === 'csv' || !filter) return <>{t('bo.campaigns.detail.audienceCsv', { hash: hash.slice(0, 12) })}</>;
  const criteria: string[] = [];
  const say = (key: string, value: string) => criteria.push(t('bo.campaigns.detail.criterion', { label: t(`bo.campaigns.filter.${key}`), value }));
  if (filter.contract !== 'any') criteria.push(t(`bo.campaigns.filter.contractState.${filter.contract}`));
  if (filter.offerIds?.length) say('offers', String(filter.offerIds.length));
  if (filter.locales?.length) say('locales', filter.locales.map((l) => t(`bo.campaigns.filter.locale.${l}`)).join(', '));
  if (filter.timezones?.length) say('timezones', filter.timezones.join(', '));
  if (filter.createdFrom) say('createdFrom', filter.createdFrom);
  if (filter.createdTo) say('createdTo', filter.createdTo);
  if (filter.contactedSince) say('contactedSince', filter.contactedSince);
  if (filter.notContactedSince) say('notContactedSince', filter.notContactedSince);
  return (
    <>
      <Text span>{t('bo.campaigns.detail.audienceFilter')}</Text>
      <List size="sm">
        {(criteria.length > 0 ? criteria : [t('bo.campaigns.detail.criteriaNone')]).map((c) => (
          <List.Item key={c}>{c}</List.Item>
        ))}
      </List>
    </>
  );
}

/** The message as it will go out, what the checker found in it, and its approval when it needs one. */
function MessagePanel({ campaign }: { campaign: CampaignDetailDto }) {
  const { t } = useTranslation('contact');
  const me = useMe();
  const queryClient = useQueryClient();
  const submit = useMutation({
    mutationFn: () => submitMessageForApproval(campaign),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: campaignKeys.all }),
  });
  const findings = campaign.messageCheck.findings;
  const { approval } = campaign;
  const canSubmit =
    approval.required && (approval.status === 'none' || approval.status === 'rejected') && me.permissions.includes('message:check');
  return (
    <Panel title={t('bo.campaigns.fields.message')}>
      <Text mb="sm" className="cf-prewrap">
        {campaign.message}
      </Text>
      {findings.length === 0 ? (
        <Text>{t('bo.campaigns.detail.noFindings')}</Text>
      ) : (
        <>
          <Text mb="xs">{t('bo.campaigns.detail.findings', { count: findings.length })}</Text>
          <List mb="sm">
            {findings.map((f) => (
              <List.Item key={`${f.start}-${f.end}-${f.rule}`}>
                <StatusBadge tone={f.severity === 'high' ? 'danger' : f.severity === 'medium' ? 'warning' : 'neutral'}>
                  {t(`bo.campaigns.severity.${f.severity}`)}
                </StatusBadge>{' '}
                «&nbsp;{campaign.message.slice(f.start, f.end)}&nbsp;» — {f.message} ({f.rule})
              </List.Item>
            ))}
          </List>
        </>
      )}
      {approval.required ? <Text fw={600}>{t(`bo.campaigns.approval.${approval.status}`)}</Text> : null}
      <div role="alert">{submit.error ? <Alert color="red">{submit.error.message}</Alert> : null}</div>
      <div role="status">{submit.isSuccess ? <Text>{t('bo.campaigns.approval.submitted')}</Text> : null}</div>
      {canSubmit && !submit.isSuccess ? (
        <Button mt="sm" variant="default" loading={submit.isPending} onClick={() => !submit.isPending && submit.mutate()}>
          {t('bo.campaigns.approval.submit')}
        </Button>
      ) : null}
    </Panel>
  );
}

/** Counts by reason and the CSV of every decision. */
function ScrubReport({ scrub }: { scrub: ScrubDto }) {
  const { t } = useTranslation('contact');
  const dates = dateFormatter(currentLanguage());
  return (
    <>
      <Facts
        items={[
          { label: t('bo.campaigns.fields.judgedAt'), value: dates.dateTime(scrub.at) },
          { label: t('bo.campaigns.fields.scrubbedAt'), value: dates.dateTime(scrub.createdAt) },
          { label: t('bo.campaigns.fields.allowed'), value: scrub.allowed },
          { label: t('bo.campaigns.fields.denied'), value: scrub.denied },
        ]}
      />
      {scrub.byReason.length > 0 ? (
        <DataTable
          caption={t('bo.campaigns.detail.byReason')}
          rows={scrub.byReason}
          rowKey={(r) => r.code}
          columns={[
            { key: 'reason', header: t('bo.campaigns.fields.reason'), cell: (r) => t(`reason.${r.code}`), sortValue: (r) => r.code },
            { key: 'count', header: t('bo.campaigns.fields.count'), cell: (r) => r.count, sortValue: (r) => r.count, align: 'end' },
          ]}
        />
      ) : null}
      <Group mt="sm">
        <Anchor href={scrub.decisionsUrl} download>
          {t('bo.campaigns.detail.downloadReport')}
        </Anchor>
      </Group>
    </>
  );
}
