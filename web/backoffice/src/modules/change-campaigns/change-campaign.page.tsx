import { Accordion, Alert, Anchor, Group, List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { StatusBadge, type Tone } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter, keepTogether } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { changeCampaignKeys, getChangeCampaign, type ChangeCampaignDetailDto, type ChangeNoticeDto } from './api.ts';

export const CAMPAIGN_TONE: Record<ChangeCampaignDetailDto['status'], Tone> = {
  scheduled: 'neutral',
  sending: 'info',
  sent: 'warning',
  applied: 'success',
};

export const NOTICE_TONE: Record<ChangeNoticeDto['status'], Tone> = {
  planned: 'neutral',
  sent: 'success',
  refused: 'danger',
  cancelled: 'neutral',
};

/**
 * One change campaign (/app/change-campaigns/:id): where it stands, its counts (customers kept on
 * the old terms among them), the notice as customers read it with the message checker's findings,
 * and each customer's notice with its dates, why its date moved, and a link to its evidence.
 */
export function ChangeCampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('change_campaigns');
  const lang = currentLanguage();
  const dates = dateFormatter(lang);
  const query = useQuery({ queryKey: changeCampaignKeys.one(id), queryFn: () => getChangeCampaign(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404)) return <NotFoundPage />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const offer = lang === 'en' && c.offerName.en ? c.offerName.en : c.offerName.fr;
  const n = c.counts;
  return (
    <Page title={t('bo.detail.title', { offer, version: c.toVersion })}>
      <Group gap="md" mb="sm">
        <Anchor component={Link} to="/change-campaigns" size="sm">
          {t('bo.detail.back')}
        </Anchor>
        <Anchor component={Link} to={`/offers/${c.offerId}`} size="sm">
          {t('bo.detail.offerLink')}
        </Anchor>
      </Group>
      <Panel title={t('bo.detail.summary')}>
        <Facts
          items={[
            { label: t('bo.fields.status'), value: <StatusBadge tone={CAMPAIGN_TONE[c.status]}>{t(`bo.status.${c.status}`)}</StatusBadge> },
            { label: t('bo.fields.type'), value: t(`bo.typeLong.${c.messageType}`) },
            {
              label: t('bo.fields.versions'),
              value: c.fromVersion === null ? String(c.toVersion) : t('bo.detail.versions', { from: c.fromVersion, to: c.toVersion }),
            },
            { label: t('bo.fields.sector'), value: t(`bo.sector.${c.sector}`) },
            { label: t('bo.new.sendOn'), value: dates.date(c.sendOn) },
            { label: t('bo.col.effective'), value: dates.date(c.plannedEffectiveOn) },
            { label: t('bo.fields.createdAt'), value: dates.dateTime(c.createdAt) },
          ]}
        />
      </Panel>
      <Panel title={t('bo.detail.counts')}>
        <Facts
          items={[
            { label: t('bo.col.planned'), value: n.planned },
            { label: t('bo.col.sent'), value: n.sent },
            { label: t('bo.col.refused'), value: n.refused },
            { label: t('bo.col.moved'), value: n.moved },
            { label: t('bo.fields.concludedAfter'), value: n.concludedAfter },
            { label: t('bo.col.terminated'), value: n.terminated },
            { label: t('bo.fields.applied'), value: n.applied },
            { label: t('bo.fields.held'), value: n.held },
          ]}
        />
        {n.held > 0 ? (
          <Alert color="yellow" mt="sm" title={t('bo.detail.heldTitle', { count: n.held })}>
            {t('bo.detail.heldExplain')}
          </Alert>
        ) : null}
      </Panel>
      <MessagePanel campaign={c} />
      <Panel title={t('bo.detail.notices')}>
        <Text size="sm" mb="sm" maw="48rem">
          {t('bo.detail.noticesIntro')}
        </Text>
        <DataTable
          caption={t('bo.detail.noticesCaption', { count: c.notices.length })}
          rows={c.notices}
          rowKey={(x) => x.id}
          // A notice's page holds its evidence (what was sent, to whom, the contact guard's
          // decision, the mail) and the link to its contract: the table keeps what tells notices apart.
          rowHref={(x) => `/change-campaigns/${c.id}/notices/${x.id}`}
          empty={<EmptyState title={t('bo.detail.noNotices')} />}
          columns={[
            {
              key: 'contract',
              header: t('bo.notice.contract'),
              cell: (x) => x.contractReference,
              sortValue: (x) => x.contractReference,
              nowrap: true,
            },
            {
              key: 'status',
              header: t('bo.fields.status'),
              cell: (x) => <StatusBadge tone={NOTICE_TONE[x.status]}>{t(`bo.noticeStatus.${x.status}`)}</StatusBadge>,
              sortValue: (x) => x.status,
              // The badge whole on one line in the grid ("Annulé (contrat terminé)" was three); a card wraps it.
              nowrap: true,
            },
            {
              key: 'send',
              header: t('bo.notice.send'),
              // The send day, then the last day the notice rule allows (the latter alone read as a second send date).
              cell: (x) => (
                <>
                  <Text span size="sm" display="block">
                    {x.sentOn ? t('bo.notice.sentOn', { date: keepTogether(dates.date(x.sentOn)) }) : keepTogether(dates.date(x.sendOn))}
                  </Text>
                  <Text span size="xs" c="dimmed" display="block">
                    {t('bo.notice.sendByShort', { date: keepTogether(dates.date(x.sendBy)) })}
                  </Text>
                </>
              ),
              sortValue: (x) => x.sentOn ?? x.sendOn,
            },
            {
              key: 'effective',
              header: t('bo.col.effective'),
              cell: (x) => dates.date(x.effectiveOn),
              sortValue: (x) => x.effectiveOn,
              nowrap: true,
            },
            {
              key: 'shift',
              header: t('bo.notice.shift'),
              // The short reason: the notice's page gives it in full ("campaign sent too late for the planned day").
              cell: (x) => (x.shift ? t(`bo.shiftShort.${x.shift}`) : t('bo.shiftShort.none')),
              sortValue: (x) => x.shift ?? '',
            },
            {
              key: 'terms',
              header: t('bo.notice.terms'),
              // Short words: the day the new terms apply is the column before, not repeated here
              // (at 1280 px the full sentences wrapped over five lines).
              cell: (x) =>
                x.appliedOn ? (
                  t('bo.termsShort.applied', { date: keepTogether(dates.date(x.appliedOn)) })
                ) : x.held ? (
                  <StatusBadge tone="warning">{t('bo.termsShort.held')}</StatusBadge>
                ) : x.status === 'cancelled' ? (
                  t('bo.termsShort.none')
                ) : (
                  t('bo.termsShort.pending')
                ),
            },
          ]}
        />
      </Panel>
    </Page>
  );
}

/** The notice in each language and variant as customers read it, each with what the message checker found in it. */
function MessagePanel({ campaign }: { campaign: ChangeCampaignDetailDto }) {
  const { t } = useTranslation('change_campaigns');
  return (
    <Panel title={t('bo.detail.message')}>
      <Text size="sm" mb="sm" maw="48rem">
        {campaign.flagged ? t('bo.detail.messageFlagged') : t('bo.detail.messageClean')}
      </Text>
      <Accordion multiple variant="contained" chevronPosition="left" defaultValue={[`${campaign.messages[0]?.lang}-standard`]}>
        {campaign.messages.map((m) => {
          const check = campaign.checks.find((x) => x.lang === m.lang && x.variant === m.variant);
          const findings = check?.findings ?? [];
          return (
            <Accordion.Item key={`${m.lang}-${m.variant}`} value={`${m.lang}-${m.variant}`}>
              <Accordion.Control>
                {t('bo.detail.variant', { lang: t(`bo.lang.${m.lang}`), variant: t(`bo.variant.${m.variant}`) })} —{' '}
                {findings.length === 0 ? t('bo.detail.noFindings') : t('bo.detail.findings', { count: findings.length })}
              </Accordion.Control>
              <Accordion.Panel>
                {findings.length > 0 ? (
                  <List mb="sm">
                    {findings.map((f) => (
                      <List.Item key={`${f.ruleId}-${f.message}`}>
                        <StatusBadge tone={f.severity === 'high' ? 'danger' : f.severity === 'medium' ? 'warning' : 'neutral'}>
                          {t(`bo.severity.${f.severity}`)}
                        </StatusBadge>{' '}
                        {f.message} ({f.rule})
                      </List.Item>
                    ))}
                  </List>
                ) : null}
                <Text fw={600} mb="xs">
                  {m.subject}
                </Text>
                <Text className="cf-prewrap">{m.text}</Text>
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>
    </Panel>
  );
}
