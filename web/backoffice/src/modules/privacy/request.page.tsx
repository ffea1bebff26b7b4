import { Alert, Anchor, Button, Grid, List, Radio, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { ErrorSummary, TextAreaField, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { actOnRequest, getRequest, liftRestriction, privacyKeys, type DsrDetailDto } from './api.ts';
import { DsrDue, DsrStatusBadge } from './dsr-labels.tsx';

/** One request (/app/privacy/requests/:id): who, what, deadline, fulfil / extend / refuse, and lifting a restriction; once closed, what the DPO decided and wrote. */
export function PrivacyRequestPage() {
  const { t } = useTranslation('privacy');
  const { id = '' } = useParams();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const query = useQuery({ queryKey: privacyKeys.request(id), queryFn: () => getRequest(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404) || isApiError(query.error, 400)) return <NotFoundPage />;
  return (
    <Page title={query.data ? t('bo.request.title', { type: t(`dsrType.${query.data.type}`) }) : t('bo.request.loadingTitle')}>
      <Anchor component={Link} to="/privacy" size="sm" mb="sm" display="inline-block">
        {t('bo.request.back')}
      </Anchor>
      <div role="status">
        {created ? (
          <Alert color="green" mb="md">
            {t('bo.newRequest.created')}
          </Alert>
        ) : null}
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <RequestDetail request={query.data} />
      )}
    </Page>
  );
}

function RequestDetail({ request }: { request: DsrDetailDto }) {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const open = request.abilities.fulfil || request.abilities.refuse;
  const [done, setDone] = useState<string | null>(null);
  const subject = request.contentHidden
    ? t('bo.request.subjectHidden')
    : request.subject
      ? request.subject.erased
        ? t('bo.request.erasedSubject')
        : `${request.subject.name ?? ''} <${request.subject.email ?? ''}>`
      : '—';
  return (
    <>
      <div role="status">
        {done ? (
          <Alert color="green" mb="md">
            {done}
          </Alert>
        ) : null}
      </div>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: open || request.restriction ? 7 : 12 }}>
          <Panel id="facts-title" title={t('bo.request.facts')}>
            <Facts
              columns={open || request.restriction ? 1 : 2}
              items={[
                { label: t('bo.request.subject'), value: subject },
                { label: t('bo.columns.status'), value: <DsrStatusBadge status={request.status} overdue={request.overdue} /> },
                { label: t('bo.columns.received'), value: formatDateTime(request.receivedAt, lang) },
                { label: t('bo.columns.due'), value: <DsrDue request={request} /> },
                { label: t('bo.columns.channel'), value: t(`bo.channel.${request.channel}`) },
                { label: t('bo.request.identity'), value: t(`bo.identity.${request.identityCheck}`) },
                {
                  label: t('bo.request.closedAt'),
                  value: request.closedAt ? formatDateTime(request.closedAt, lang) : '',
                  hidden: !request.closedAt,
                },
              ]}
            />
            {request.details ? (
              <Stack gap={4} mt="md">
                <Text fw={600} size="sm">
                  {t('bo.request.details')}
                </Text>
                <Text className="cf-prewrap">{request.details}</Text>
              </Stack>
            ) : null}
          </Panel>
          <OutcomePanel request={request} />
        </Grid.Col>
        {open || request.restriction ? (
          <Grid.Col span={{ base: 12, lg: 5 }}>
            {request.restriction ? <RestrictionPanel request={request} restriction={request.restriction} /> : null}
            {open ? <ActPanel request={request} onDone={setDone} /> : null}
          </Grid.Col>
        ) : null}
      </Grid>
    </>
  );
}

/** What was decided and said: the DPO's note, the reasons given to the person, what an erasure removed and what a legal hold kept. */
function OutcomePanel({ request }: { request: DsrDetailDto }) {
  const { t } = useTranslation('privacy');
  const notes = [
    { label: t('bo.request.resolutionNote'), text: request.resolutionNote },
    { label: t('bo.request.extensionReason'), text: request.extensionReason },
    { label: t('bo.request.refusalReason'), text: request.refusalReason },
  ].filter((n): n is { label: string; text: string } => Boolean(n.text));
  if (notes.length === 0 && !request.erasureOutcome && request.status !== 'fulfilled') return null;
  return (
    <Panel id="outcome-title" title={t('bo.request.outcomeTitle')}>
      <Stack gap="sm">
        {request.status === 'fulfilled' && !request.resolutionNote ? <Text c="dimmed">{t('bo.request.noNote')}</Text> : null}
        {notes.map((n) => (
          <Stack gap={2} key={n.label}>
            <Text fw={600} size="sm">
              {n.label}
            </Text>
            <Text className="cf-prewrap">{n.text}</Text>
          </Stack>
        ))}
        {request.erasureOutcome ? (
          <Stack gap={2}>
            <Text fw={600} size="sm">
              {t('bo.request.erasure')}
            </Text>
            <Text>{t('bo.request.erasedRows', { count: request.erasureOutcome.erased })}</Text>
            <List size="sm">
              {request.erasureOutcome.held.map((h) => (
                <List.Item key={`${h.table}:${h.id}`}>
                  <code>
                    {h.table} {h.id}
                  </code>{' '}
                  — {h.reason}
                </List.Item>
              ))}
            </List>
          </Stack>
        ) : null}
      </Stack>
    </Panel>
  );
}

/** Fulfil, extend or refuse: nothing chosen until the DPO picks one; the note or reason goes on the file (and to the person for a reason). */
function ActPanel({ request, onDone }: { request: DsrDetailDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('privacy');
  const queryClient = useQueryClient();
  const [action, setAction] = useState<'fulfil' | 'extend' | 'refuse' | ''>('');
  const [text, setText] = useState('');
  const [choiceMissing, setChoiceMissing] = useState(false);
  const mutation = useMutation({
    mutationFn: (chosen: 'fulfil' | 'extend' | 'refuse') => actOnRequest(request.id, chosen, text),
    onSuccess: (updated, chosen) => {
      queryClient.setQueryData(privacyKeys.request(request.id), updated);
      void queryClient.invalidateQueries({ queryKey: privacyKeys.requests });
      setText('');
      setAction('');
      onDone(t(`bo.request.done.${chosen}`));
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!action) {
      setChoiceMissing(true);
      return;
    }
    if (!mutation.isPending) mutation.mutate(action);
  };
  const errors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  const textLabel = action === 'fulfil' ? t('bo.request.note') : t('bo.request.reason');
  return (
    <Panel id="act-title" title={t('bo.request.actTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={mutation.error?.message}
          fieldErrors={errors}
          fields={{ reason: { id: 'action-text', label: textLabel }, note: { id: 'action-text', label: textLabel } }}
        />
        <Radio.Group
          id="action"
          label={t('bo.request.actionLegend')}
          value={action}
          onChange={(v) => {
            setAction(v === 'fulfil' || v === 'extend' || v === 'refuse' ? v : '');
            setChoiceMissing(false);
          }}
          error={choiceMissing ? t('bo.request.chooseAction') : undefined}
          mb="sm"
        >
          <Stack gap={6} mt={4}>
            {(['fulfil', 'extend', 'refuse'] as const)
              .filter((a) => request.abilities[a])
              .map((a) => (
                <Radio key={a} id={`action-${a}`} value={a} label={t(`bo.request.action.${a}`)} />
              ))}
          </Stack>
        </Radio.Group>
        {action ? (
          <TextAreaField
            id="action-text"
            label={textLabel}
            hint={t(`bo.request.hint.${action}`)}
            value={text}
            onChange={setText}
            error={errors.reason ?? errors.note}
          />
        ) : null}
        <Button type="submit" loading={mutation.isPending}>
          {action ? t(`bo.request.submit.${action}`) : t('bo.request.submitChoose')}
        </Button>
      </form>
    </Panel>
  );
}

/**
 * The restriction a request obtained (GDPR Art. 18) and the form that lifts it: the reason is
 * mailed to the person before the lifting takes effect (Art. 18(3)).
 */
function RestrictionPanel({ request, restriction }: { request: DsrDetailDto; restriction: NonNullable<DsrDetailDto['restriction']> }) {
  const { t } = useTranslation('dsr');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const mutation = useMutation({
    mutationFn: () => liftRestriction(request.id, reason),
    onSuccess: (updated) => {
      queryClient.setQueryData(privacyKeys.request(request.id), updated);
      void queryClient.invalidateQueries({ queryKey: privacyKeys.requests });
      setReason('');
      setDone(true);
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!mutation.isPending) mutation.mutate();
  };
  const errors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  return (
    <Panel id="restriction-title" title={t('bo.restriction.title')}>
      <div role="status">
        {done ? (
          <Alert color="green" mb="sm">
            {t('bo.restriction.done')}
          </Alert>
        ) : null}
      </div>
      {restriction.active ? (
        <Text mb="sm">{t('bo.restriction.active', { date: formatDateTime(restriction.since, lang) })}</Text>
      ) : (
        <>
          <Text mb="sm">
            {t('bo.restriction.lifted', { date: restriction.liftedAt ? formatDateTime(restriction.liftedAt, lang) : '—' })}
          </Text>
          {restriction.liftReason ? (
            <Facts columns={1} items={[{ label: t('bo.restriction.liftReason'), value: restriction.liftReason }]} />
          ) : null}
        </>
      )}
      {request.abilities.liftRestriction ? (
        <form onSubmit={onSubmit} noValidate>
          <ErrorSummary
            message={mutation.error?.message}
            fieldErrors={errors}
            fields={{ reason: { id: 'lift-reason', label: t('bo.restriction.reasonLabel') } }}
          />
          <TextAreaField
            id="lift-reason"
            label={t('bo.restriction.reasonLabel')}
            hint={t('bo.restriction.hint')}
            minRows={3}
            value={reason}
            onChange={setReason}
            error={errors.reason}
          />
          <Button type="submit" loading={mutation.isPending}>
            {t('bo.restriction.submit')}
          </Button>
        </form>
      ) : null}
    </Panel>
  );
}
