import { Button, Checkbox, Fieldset, Group, Input, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FieldError } from '../../components/form.tsx';
import { Panel } from '../../components/panel.tsx';
import { ActionFeedback, LoadError, Loading } from '../../components/status.tsx';
import { contactKeys, findPhoneConsent, recordPhoneConsent, type PhoneConsentDto } from './api.ts';

type Purpose = PhoneConsentDto['purposes'][number];

/**
 * The agent on the phone records that the customer gave or withdrew their phone prospecting
 * consent. From 2026-08-11 the consumer is told, before consenting, that phone canvassing needs
 * their consent (C. consom. L.223-1): the panel shows the notice to read out, the agent ticks that
 * it was read, and its version goes with the consent (the server refuses a consent without it).
 * A withdrawal needs nothing read (GDPR Art. 7(3): as easy as giving).
 */
export function PhoneConsentPanel({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation('contact');
  const queryClient = useQueryClient();
  const consent = useQuery({ queryKey: contactKeys.phoneConsent(customerId), queryFn: () => findPhoneConsent(customerId) });
  const [noticeRead, setNoticeRead] = useState(false);
  const [missing, setMissing] = useState<string | undefined>(undefined);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const checkbox = useRef<HTMLInputElement>(null);
  const titleOf = (p: Purpose) => (i18n.language === 'en' ? p.titleEn : p.titleFr);
  const record = useMutation({
    mutationFn: ({ purpose, kind, phoneNotice }: { purpose: Purpose; kind: 'given' | 'withdrawn'; phoneNotice?: string | undefined }) =>
      recordPhoneConsent({ customerId, purpose: purpose.id, kind, phoneNotice }),
    onSuccess: (result, { purpose, kind }) => {
      const version = result.event.phoneNotice?.split('@')[1];
      const text =
        kind === 'withdrawn'
          ? t('bo.phoneConsent.withdrawn', { purpose: titleOf(purpose) })
          : version
            ? t('bo.phoneConsent.given', {
                purpose: titleOf(purpose),
                version: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${version}T00:00:00Z`)),
              })
            : t('bo.phoneConsent.givenNoNotice', { purpose: titleOf(purpose) });
      setFeedback({ ok: true, text });
      setNoticeRead(false);
      queryClient.setQueryData(contactKeys.phoneConsent(customerId), result.consent);
      // The verdict reads the consent: it changes at once.
      void queryClient.invalidateQueries({ queryKey: contactKeys.all });
    },
    onError: (e) => setFeedback({ ok: false, text: e.message }),
  });

  if (consent.isPending)
    return (
      <Panel title={t('bo.phoneConsent.heading')} id="contact-phone-consent">
        <Loading />
      </Panel>
    );
  if (consent.isError)
    return (
      <Panel title={t('bo.phoneConsent.heading')} id="contact-phone-consent">
        <LoadError error={consent.error} onRetry={() => void consent.refetch()} />
      </Panel>
    );
  const { notice, purposes } = consent.data;

  const act = (purpose: Purpose, kind: 'given' | 'withdrawn') => {
    if (record.isPending) return;
    setFeedback(null);
    if (kind === 'given' && notice && !noticeRead) {
      setMissing(t('bo.phoneConsent.noticeRequired'));
      checkbox.current?.focus();
      return;
    }
    setMissing(undefined);
    record.mutate({ purpose, kind, phoneNotice: kind === 'given' && notice ? notice.key : undefined });
  };

  return (
    <Panel title={t('bo.phoneConsent.heading')} id="contact-phone-consent">
      <Text size="sm" mb="sm" maw="48rem">
        {t('bo.phoneConsent.hint')}
      </Text>
      {notice ? (
        <Fieldset legend={t('bo.phoneConsent.noticeTitle')} variant="filled" mb="md" maw="48rem">
          <Text size="sm" component="blockquote" fs="italic" m={0} mb="xs" id="phone-consent-notice-text">
            {t(notice.textKey)}
          </Text>
          <Input.Description id="phone-consent-notice-hint" mb="xs">
            {t('bo.phoneConsent.noticeHint')}
          </Input.Description>
          <Checkbox
            ref={checkbox}
            id="phone-consent-notice"
            label={t('bo.phoneConsent.noticeRead')}
            checked={noticeRead}
            onChange={(e) => {
              setNoticeRead(e.currentTarget.checked);
              if (e.currentTarget.checked) setMissing(undefined);
            }}
            aria-invalid={missing ? true : undefined}
            aria-describedby={
              missing
                ? 'phone-consent-notice-text phone-consent-notice-hint phone-consent-notice-error'
                : 'phone-consent-notice-text phone-consent-notice-hint'
            }
          />
          <FieldError id="phone-consent-notice-error" message={missing} />
        </Fieldset>
      ) : null}
      <ActionFeedback feedback={feedback} />
      <DataTable
        caption={t('bo.phoneConsent.caption')}
        rows={purposes}
        rowKey={(p) => p.id}
        narrow="cards"
        empty={<EmptyState title={t('bo.phoneConsent.noPurpose')} />}
        columns={[
          { key: 'purpose', header: t('bo.phoneConsent.purpose'), cell: (p) => titleOf(p) },
          { key: 'state', header: t('bo.phoneConsent.state'), cell: (p) => t(`bo.phoneConsent.stateValue.${p.state}`) },
        ]}
        actionsHeader={t('bo.phoneConsent.actions')}
        actions={(p) => (
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xs"
              variant="default"
              disabled={record.isPending}
              aria-label={t('bo.phoneConsent.giveFor', { purpose: titleOf(p) })}
              onClick={() => act(p, 'given')}
            >
              {t('bo.phoneConsent.give')}
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={record.isPending}
              aria-label={t('bo.phoneConsent.withdrawFor', { purpose: titleOf(p) })}
              onClick={() => act(p, 'withdrawn')}
            >
              {t('bo.phoneConsent.withdraw')}
            </Button>
          </Group>
        )}
      />
    </Panel>
  );
}
