import { Alert, Anchor, Button, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../api.ts';
import { ErrorSummary, TextField, issuesByField, type SummaryFields } from '../../components/form.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { Loading } from '../../components/status.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { changeCampaignKeys, createChangeCampaign, findChangeCampaigns, previewChangeCampaign } from './api.ts';

/**
 * The change campaign of an offer's newest version, on the offer's page: a link to it when it
 * exists; otherwise, for whoever manages contracts, what creating it would do (the sector's notice
 * rule, the planned effective day, how many contracts and how many get a later day) and the button.
 */
export function ChangeCampaignPanel({ offerId, version }: { offerId: string; version: { id: string; version: number } }) {
  const { t } = useTranslation('change_campaigns');
  const me = useMe();
  const canRead = me.permissions.includes('contract:read');
  const canManage = me.permissions.includes('contract:manage');
  const campaigns = useQuery({ queryKey: changeCampaignKeys.list, queryFn: findChangeCampaigns, enabled: canRead });
  if (!canRead || version.version < 2) return null;
  const existing = campaigns.data?.find((c) => c.toVersionId === version.id);
  return (
    <Panel title={t('bo.new.title', { version: version.version })}>
      {campaigns.isPending ? (
        <Loading />
      ) : existing ? (
        <Text>
          <Anchor component={Link} to={`/change-campaigns/${existing.id}`}>
            {t('bo.new.open', { version: version.version })}
          </Anchor>
        </Text>
      ) : canManage ? (
        <NewCampaignForm offerId={offerId} versionId={version.id} />
      ) : (
        <Text>{t('bo.new.none')}</Text>
      )}
    </Panel>
  );
}

function NewCampaignForm({ offerId, versionId }: { offerId: string; versionId: string }) {
  const { t } = useTranslation('change_campaigns');
  const dates = dateFormatter(currentLanguage());
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [sendOn, setSendOn] = useState('');
  const body = { offerId, toVersionId: versionId, ...(sendOn ? { sendOn } : {}) };
  const preview = useQuery({ queryKey: changeCampaignKeys.preview(body), queryFn: () => previewChangeCampaign(body), retry: false });
  const create = useMutation({
    mutationFn: () => createChangeCampaign(body),
    onSuccess: (campaign) => {
      void queryClient.invalidateQueries({ queryKey: changeCampaignKeys.all });
      void navigate(`/change-campaigns/${campaign.id}`);
    },
  });
  const error = create.error ?? preview.error;
  const errors = isApiError(error) ? issuesByField(error.issues) : {};
  const fields: SummaryFields = { sendOn: { id: 'campaign-send-on', label: t('bo.new.sendOn') } };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!create.isPending && preview.isSuccess) create.mutate();
  };
  const p = preview.data;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Text size="sm" mb="md" maw="48rem">
        {t('bo.new.intro')}
      </Text>
      <ErrorSummary message={error?.message} fieldErrors={errors} fields={fields} />
      <TextField
        id="campaign-send-on"
        type="date"
        label={fields.sendOn!.label}
        hint={t('bo.new.sendOnHint')}
        value={sendOn}
        onChange={(e) => setSendOn(e.currentTarget.value)}
        error={errors.sendOn}
      />
      <div role="status">
        {p ? (
          <>
            <Facts
              items={[
                { label: t('bo.new.rule'), value: t('bo.new.ruleValue', { count: p.rule.noticeMonths, months: p.rule.noticeMonths, ref: p.rule.ref }) },
                {
                  label: t('bo.new.termination'),
                  value:
                    p.rule.terminationAnchor === 'notice'
                      ? t('bo.new.terminationNotice', { count: p.rule.terminationMonths, months: p.rule.terminationMonths })
                      : p.rule.terminationMonths === 0
                        ? t('bo.new.terminationBefore')
                        : t('bo.new.terminationEffective', { count: p.rule.terminationMonths, months: p.rule.terminationMonths }),
                },
                // The send day first, then the last lawful one for the planned date: read the other
                // way round, "last day" before "send day" looked like two contradicting send dates.
                { label: t('bo.new.sendOn'), value: dates.date(p.sendOn) },
                { label: t('bo.new.sendBy'), value: dates.date(p.sendBy) },
                { label: t('bo.new.planned'), value: dates.date(p.plannedEffectiveOn) },
                { label: t('bo.new.contracts'), value: p.contracts },
                {
                  label: t('bo.new.moved'),
                  value:
                    p.movedContracts > 0
                      ? t('bo.new.movedValue', { count: p.movedContracts, date: dates.date(p.effectiveOn) })
                      : t('bo.new.movedNone'),
                },
              ]}
            />
            {p.moved ? (
              <Alert color="yellow" mb="sm">
                {t('bo.new.lateWarning', {
                  planned: dates.date(p.plannedEffectiveOn),
                  date: dates.date(p.effectiveOn),
                  sendBy: dates.date(p.sendBy),
                })}
              </Alert>
            ) : null}
          </>
        ) : null}
      </div>
      <Button type="submit" loading={create.isPending} disabled={!preview.isSuccess}>
        {t('bo.new.submit')}
      </Button>
    </form>
  );
}
