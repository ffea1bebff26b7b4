import { Alert, Button, Fieldset, Group, List, SimpleGrid, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Select, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { ActionFeedback, LoadError, Loading } from '../../components/status.tsx';
import { useMe } from '../../session.ts';
import { PhoneConsentPanel } from './phone-consent.panel.tsx';
import {
  CALL_OUTCOMES,
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  checkContact,
  contactKeys,
  findHistory,
  recordAttempt,
  type ContactAttemptDto,
  type ContactChannel,
  type ContactDecisionDto,
  type ContactOutcome,
  type ContactPurpose,
} from './api.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The calling days and hours of C. consom. D.223-9 al. 1: the reasons the windows explain.
const TIME_REASONS = ['outside_calling_hours', 'outside_calling_days', 'public_holiday'];

/** The contact guard (/app/contact?customer=<id>): may this customer be contacted now, record the call, history. */
export function ContactPage() {
  const { t } = useTranslation('contact');
  const [params, setParams] = useSearchParams();
  const customerId = params.get('customer') ?? '';
  const [draft, setDraft] = useState(customerId);
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [purpose, setPurpose] = useState<ContactPurpose>('prospecting');
  const valid = UUID.test(customerId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(draft.trim() ? { customer: draft.trim() } : {});
  };

  return (
    <Page title={t('bo.title')}>
      <Text mb="md" maw="48rem">
        {t('bo.intro')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Fieldset legend={t('bo.form.legend')} mb="md">
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" verticalSpacing={0}>
            <TextField
              id="contact-customer"
              label={t('bo.form.customer')}
              hint={t('bo.form.customerHint')}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <Select
              id="contact-channel"
              label={t('bo.form.channel')}
              value={channel}
              onChange={setChannel}
              options={CONTACT_CHANNELS}
              labelOf={(c) => t(`bo.channel.${c}`)}
            />
            <Select
              id="contact-purpose"
              label={t('bo.form.purpose')}
              value={purpose}
              onChange={setPurpose}
              options={CONTACT_PURPOSES}
              labelOf={(p) => t(`bo.purpose.${p}`)}
            />
          </SimpleGrid>
          <Button type="submit">{t('bo.form.check')}</Button>
        </Fieldset>
      </form>
      {valid ? <CustomerContact customerId={customerId} channel={channel} purpose={purpose} /> : null}
    </Page>
  );
}

function CustomerContact({ customerId, channel, purpose }: { customerId: string; channel: ContactChannel; purpose: ContactPurpose }) {
  const { t } = useTranslation('contact');
  const me = useMe();
  const queryClient = useQueryClient();
  const decision = useQuery({
    queryKey: contactKeys.check(customerId, channel, purpose),
    queryFn: () => checkContact({ customerId, channel, purpose }),
  });
  const history = useQuery({ queryKey: contactKeys.history(customerId), queryFn: () => findHistory(customerId) });
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const record = useMutation({
    mutationFn: (outcome: ContactOutcome) => recordAttempt({ customerId, channel, purpose, outcome }),
    onSuccess: (attempt) => {
      const outcome = t(`bo.record.outcome.${attempt.outcome}`);
      setFeedback({ ok: true, text: t(attempt.allowed ? 'bo.record.done' : 'bo.record.doneAgainstRules', { outcome }) });
      void queryClient.invalidateQueries({ queryKey: contactKeys.all });
    },
    onError: (e) => setFeedback({ ok: false, text: e.message }),
  });

  return (
    <>
      <Panel title={t('bo.verdict.heading')} id="contact-verdict">
        {decision.isPending ? (
          <Loading />
        ) : decision.isError ? (
          <LoadError error={decision.error} onRetry={() => void decision.refetch()} />
        ) : (
          <Verdict decision={decision.data} channel={channel} />
        )}
      </Panel>
      {channel === 'phone' && me.permissions.includes('contact:record') ? (
        <Panel title={t('bo.record.legend')} id="contact-record">
          <Text size="sm" mb="sm" maw="48rem">
            {t('bo.record.hint')}
          </Text>
          <ActionFeedback feedback={feedback} />
          <Group gap="xs">
            {CALL_OUTCOMES.map((outcome) => (
              <Button key={outcome} variant="default" disabled={record.isPending} onClick={() => record.mutate(outcome)}>
                {t(`bo.record.outcome.${outcome}`)}
              </Button>
            ))}
          </Group>
        </Panel>
      ) : null}
      {channel === 'phone' && me.permissions.includes('contact:record') ? (
        <PhoneConsentPanel customerId={customerId} />
      ) : null}
      <Panel title={t('bo.history.caption', { count: history.data?.length ?? 0 })} id="contact-history">
        {history.isPending ? (
          <Loading />
        ) : history.isError ? (
          <LoadError error={history.error} onRetry={() => void history.refetch()} />
        ) : (
          <History items={history.data} />
        )}
      </Panel>
    </>
  );
}

/** "Do not call now: 20:10", the legal windows with their article, every reason, and when it becomes possible. */
function Verdict({ decision, channel }: { decision: ContactDecisionDto; channel: ContactChannel }) {
  const { t, i18n } = useTranslation('contact');
  const time = new Intl.DateTimeFormat(i18n.language, { timeZone: decision.tz, hour: '2-digit', minute: '2-digit' }).format(
    new Date(decision.at),
  );
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { timeZone: decision.tz, dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
  const call = channel === 'phone';
  const heading = decision.allowed
    ? call
      ? t('bo.verdict.allowedCall', { time })
      : t('bo.verdict.allowed')
    : call
      ? t('bo.verdict.deniedCall', { time })
      : t('bo.verdict.denied');
  const timeReason = decision.reasons.find((r) => TIME_REASONS.includes(r.code));
  const windows = decision.callingWindows.map((w) => w.replace('-', '–')).join(` ${t('bo.verdict.and')} `);
  return (
    <Alert color={decision.allowed ? 'green' : 'red'} role="status">
      <Text fw={700} mb="xs">
        {heading}
      </Text>
      {timeReason ? (
        <Text size="sm" mb="xs">
          {t('bo.verdict.windows', { windows, ref: (timeReason.ref.split(';')[0] ?? '').replace(/ al\. \d+$/, ''), tz: decision.tz })}
        </Text>
      ) : null}
      {decision.reasons.length > 0 ? (
        <>
          <Text size="sm">{t('bo.verdict.reasons')}</Text>
          <List size="sm" mb="xs">
            {decision.reasons.map((r) => (
              <List.Item key={r.code}>
                {t(`reason.${r.code}`)} ({r.ref})
              </List.Item>
            ))}
          </List>
          <Text size="sm">
            {decision.nextAllowedAt ? t('bo.verdict.next', { when: when(decision.nextAllowedAt) }) : t('bo.verdict.never')}
          </Text>
        </>
      ) : null}
    </Alert>
  );
}

function History({ items }: { items: readonly ContactAttemptDto[] }) {
  const { t, i18n } = useTranslation('contact');
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <DataTable
      caption={t('bo.history.caption', { count: items.length })}
      rows={items}
      rowKey={(a) => a.id}
      empty={<EmptyState title={t('bo.history.empty')} />}
      columns={[
        {
          key: 'when',
          header: t('bo.history.when'),
          cell: (a) => format.format(new Date(a.occurredAt)),
          sortValue: (a) => new Date(a.occurredAt),
          nowrap: true,
        },
        { key: 'channel', header: t('bo.history.channel'), cell: (a) => t(`bo.channel.${a.channel}`) },
        { key: 'purpose', header: t('bo.history.purpose'), cell: (a) => t(`bo.purpose.${a.purpose}`) },
        { key: 'outcome', header: t('bo.history.outcome'), cell: (a) => t(`bo.record.outcome.${a.outcome}`) },
        {
          key: 'decision',
          header: t('bo.history.decision'),
          cell: (a) =>
            a.allowed ? t('bo.history.allowed') : t('bo.history.denied', { reasons: a.reasons.map((r) => t(`reason.${r}`)).join(' ') }),
        },
      ]}
    />
  );
}
