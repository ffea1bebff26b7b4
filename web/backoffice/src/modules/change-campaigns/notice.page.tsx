import { Anchor, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { changeCampaignKeys, getNoticeEvidence } from './api.ts';
import { NOTICE_TONE } from './change-campaign.page.tsx';

/**
 * One change notice's evidence (/app/change-campaigns/:id/notices/:noticeId): what was sent, when,
 * to whom, under which rule, what the contact guard answered, and the mail itself (its link's
 * secret masked: it ends the contract without asking for its details).
 */
export function NoticeEvidencePage() {
  const { noticeId = '' } = useParams();
  const { t } = useTranslation(['change_campaigns', 'contact']);
  const lang = currentLanguage();
  const dates = dateFormatter(lang);
  const query = useQuery({ queryKey: changeCampaignKeys.notice(noticeId), queryFn: () => getNoticeEvidence(noticeId) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404)) return <NotFoundPage />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const e = query.data;
  const day = (value: string | null) => (value ? dates.date(value) : '—');
  const reason = (code: string) => (code === 'no_address' ? t('bo.reason.no_address') : t(`contact:reason.${code}`));
  return (
    <Page title={t('bo.evidence.title', { reference: e.contractReference })}>
      <Group gap="md" mb="sm">
        <Anchor component={Link} to={`/change-campaigns/${e.campaignId}`} size="sm">
          {t('bo.evidence.back')}
        </Anchor>
        <Anchor component={Link} to={`/contracts/${e.contractId}`} size="sm">
          {t('bo.evidence.contract')}
        </Anchor>
      </Group>
      <Panel title={t('bo.evidence.facts')}>
        <Facts
          items={[
            {
              label: t('bo.fields.status'),
              value: <StatusBadge tone={NOTICE_TONE[e.status]}>{t(`bo.noticeStatus.${e.status}`)}</StatusBadge>,
            },
            { label: t('bo.evidence.origin'), value: t(`bo.origin.${e.origin}`) },
            { label: t('bo.evidence.sendOn'), value: day(e.sendOn) },
            { label: t('bo.notice.sendBy'), value: day(e.sendBy) },
            { label: t('bo.evidence.sentAt'), value: e.sentAt ? dates.dateTime(e.sentAt) : t('bo.evidence.notSent') },
            { label: t('bo.evidence.sentTo'), value: e.sentTo ?? '—' },
            { label: t('bo.evidence.locale'), value: e.locale ? t(`bo.lang.${e.locale}`) : '—' },
            { label: t('bo.evidence.planned'), value: day(e.plannedEffectiveOn) },
            { label: t('bo.col.effective'), value: day(e.effectiveOn) },
            { label: t('bo.notice.shift'), value: e.shift ? t(`bo.shift.${e.shift}`) : t('bo.shift.none') },
            { label: t('bo.evidence.terminateBy'), value: day(e.terminateBy) },
            {
              label: t('bo.evidence.rule'),
              value: t('bo.evidence.ruleValue', { ref: e.ruleRef, count: e.noticeMonths, months: e.noticeMonths, source: t(`bo.source.${e.ruleSource}`) }),
            },
            {
              label: t('bo.notice.terms'),
              value: e.appliedOn
                ? t('bo.terms.applied', { date: day(e.appliedOn) })
                : e.held
                  ? t('bo.terms.held')
                  : e.status === 'cancelled'
                    ? t('bo.terms.none')
                    : t('bo.terms.pending', { date: day(e.effectiveOn) }),
            },
            { label: t('bo.evidence.retryOn'), value: day(e.retryOn), hidden: e.retryOn === null },
          ]}
        />
      </Panel>
      <Panel title={t('bo.evidence.guard')}>
        {e.decision ? (
          <Facts
            items={[
              { label: t('bo.evidence.decision'), value: e.decision.allowed ? t('bo.evidence.allowed') : t('bo.evidence.refused') },
              { label: t('bo.evidence.reasons'), value: e.decision.reasons.map(reason).join(' ; ') || '—' },
              { label: t('bo.evidence.rules'), value: e.decision.rules.join(' ; ') || '—' },
              { label: t('bo.evidence.judgedOn'), value: dates.dateTime(e.decision.judgedOn) },
              { label: t('bo.evidence.attempt'), value: e.attemptId ?? '—' },
            ]}
          />
        ) : (
          <Text>{t('bo.evidence.notJudged')}</Text>
        )}
      </Panel>
      <Panel title={t('bo.evidence.mail')}>
        {e.mail ? (
          <>
            <Text size="sm" mb="sm">
              {t('bo.evidence.mailIntro', { template: e.mail.template, lang: t(`bo.lang.${e.mail.locale}`) })}
            </Text>
            <Text fw={600} mb="xs">
              {e.mail.subject}
            </Text>
            <Text className="cf-prewrap">{e.mail.text}</Text>
          </>
        ) : (
          <Text>{t('bo.evidence.noMail')}</Text>
        )}
      </Panel>
    </Page>
  );
}
