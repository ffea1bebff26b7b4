import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorSummary, Select, TextAreaField, TextField, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { DoneStatus, LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import {
  addAction,
  closeAction,
  closeFinding,
  findingKeys,
  getFinding,
  updateAction,
  type FindingDto,
  type RemediationActionDto,
} from './api.ts';
import { FindingStatusBadge, SeverityBadge } from './badges.tsx';

/** One finding (/app/findings/:id): what was found, its evidence, how it closed, and its remediation. */
export function FindingPage() {
  const { t } = useTranslation('audits');
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: findingKeys.one(id), queryFn: () => getFinding(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404) || isApiError(query.error, 400)) return <NotFoundPage />;
  return (
    <Page title={query.data ? `${query.data.reference} — ${query.data.title}` : t('bo.title')}>
      <Anchor component={Link} to="/findings" size="sm" mb="sm" display="inline-block">
        {t('bo.back')}
      </Anchor>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <FindingDetail finding={query.data} />
      )}
    </Page>
  );
}

/**
 * After a change: the finding is read again (its status may change with its actions), lists and
 * home too, and the ethics audits (an audit's page shows its findings' status and actions).
 */
function useRefresh(findingId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: findingKeys.one(findingId) });
    void queryClient.invalidateQueries({ queryKey: ['findings', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['home'] });
    void queryClient.invalidateQueries({ queryKey: ['ethics-audits'] });
  };
}

function FindingDetail({ finding }: { finding: FindingDto }) {
  const { t } = useTranslation('audits');
  const lang = currentLanguage();
  const [done, setDone] = useState<string | null>(null);
  return (
    <Stack gap="md">
      <DoneStatus message={done} />
      <Panel title={t('bo.explanation')} id="finding-explanation">
        <Group gap="xs" mb="sm">
          <SeverityBadge severity={finding.severity} />
          <FindingStatusBadge status={finding.status} />
          <StatusBadge tone="neutral">{t(`bo.source.${finding.source}`)}</StatusBadge>
        </Group>
        <Text mb="sm" maw="48rem">
          {finding.explanation}
        </Text>
        <Facts
          items={[
            { label: t('bo.columns.reference'), value: finding.reference },
            { label: t('bo.columns.openedAt'), value: formatDateTime(finding.openedAt, lang) },
          ]}
        />
      </Panel>
      <Panel title={t('bo.evidence')} id="finding-evidence">
        {finding.evidence.length === 0 ? (
          <Text>{t('bo.evidenceNone')}</Text>
        ) : (
          <List spacing={4}>
            {finding.evidence.map((e) => {
              const kind = t(`bo.evidenceType.${e.type}`, { defaultValue: e.type });
              const name = e.label ? `${kind} ${e.label}` : `${kind} ${e.id.slice(0, 8)}`;
              return (
                <List.Item key={`${e.type}:${e.id}`}>
                  {e.path ? (
                    <Anchor component={Link} to={e.path.replace(/^\/app/, '')}>
                      {name}
                    </Anchor>
                  ) : (
                    <Text span>{name}</Text>
                  )}
                  {e.path === null && e.label === null ? (
                    <Text span c="dimmed" size="sm">
                      {' '}
                      ({t('bo.evidenceHidden')})
                    </Text>
                  ) : null}
                </List.Item>
              );
            })}
          </List>
        )}
      </Panel>
      {finding.closure ? (
        <Panel title={t('bo.closure')} id="finding-closure">
          <Text fw={600}>{finding.closure.by === 'control' ? t('bo.closedByControl') : t('bo.closedByUser')}</Text>
          <Text>{finding.closure.reason}</Text>
        </Panel>
      ) : null}
      <ActionsPanel finding={finding} onDone={setDone} />
      {finding.abilities.close ? <CloseFindingForm finding={finding} onDone={setDone} /> : null}
      {finding.status !== 'closed' && !finding.abilities.close && finding.source === 'control' ? (
        <Alert color="blue" p="xs">
          {t('bo.closesItself')}
        </Alert>
      ) : null}
    </Stack>
  );
}

function ActionsPanel({ finding, onDone }: { finding: FindingDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const refresh = useRefresh(finding.id);
  const closing = useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'done' | 'cancelled' }) => closeAction(id, { status }),
    onSuccess: (a) => {
      refresh();
      onDone(`${a.title} — ${t(`bo.actions.statuses.${a.status}`)}`);
    },
  });
  return (
    <Panel title={t('bo.actions.title')} id="finding-actions">
      {closing.isError ? <LoadError error={closing.error} /> : null}
      <DataTable<RemediationActionDto>
        caption={t('bo.actions.title')}
        rows={finding.actions}
        rowKey={(a) => a.id}
        empty={<EmptyState title={t('bo.actions.none')} />}
        columns={[
          { key: 'title', header: t('bo.actions.what'), cell: (a) => a.title },
          { key: 'owner', header: t('bo.actions.owner'), cell: (a) => a.ownerName ?? a.ownerId.slice(0, 8) },
          {
            key: 'dueOn',
            header: t('bo.actions.dueOn'),
            cell: (a) => (
              <Group gap={4} wrap="nowrap">
                <Text span size="sm">
                  {a.dueOn}
                </Text>
                {a.overdue ? <StatusBadge tone="danger">{t('bo.actions.overdue')}</StatusBadge> : null}
              </Group>
            ),
            nowrap: true,
          },
          { key: 'status', header: t('bo.actions.status'), cell: (a) => t(`bo.actions.statuses.${a.status}`) },
          {
            key: 'do',
            header: '',
            cell: (a) =>
              a.abilities.close ? (
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="xs"
                    onClick={() => closing.mutate({ id: a.id, status: 'done' })}
                    aria-label={`${t('bo.actions.done')} : ${a.title}`}
                  >
                    {t('bo.actions.done')}
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => closing.mutate({ id: a.id, status: 'cancelled' })}
                    aria-label={`${t('bo.actions.cancel')} : ${a.title}`}
                  >
                    {t('bo.actions.cancel')}
                  </Button>
                </Group>
              ) : null,
          },
        ]}
      />
      {finding.actions.some((a) => a.abilities.edit) && finding.owners.length > 0 ? (
        <ReassignForm finding={finding} onDone={onDone} />
      ) : null}
      {finding.abilities.addAction ? <AddActionForm finding={finding} onDone={onDone} /> : null}
    </Panel>
  );
}

function AddActionForm({ finding, onDone }: { finding: FindingDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const refresh = useRefresh(finding.id);
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState(finding.owners[0]?.id ?? '');
  const [dueOn, setDueOn] = useState('');
  const adding = useMutation({
    mutationFn: () => addAction(finding.id, { title, ownerId, dueOn }),
    onSuccess: () => {
      refresh();
      setTitle('');
      setDueOn('');
      onDone(t('bo.actions.added'));
    },
  });
  const fieldErrors = isApiError(adding.error) ? issuesByField(adding.error.issues) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!adding.isPending) adding.mutate();
  };
  const owners = finding.owners.map((o) => o.id);
  return (
    <form onSubmit={submit} aria-labelledby="add-action-title" noValidate>
      <Text component="h3" id="add-action-title" fw={700} mt="md" mb="xs">
        {t('bo.actions.add')}
      </Text>
      <ErrorSummary
        message={adding.error instanceof Error ? adding.error.message : undefined}
        fieldErrors={fieldErrors}
        fields={{
          title: { id: 'action-title', label: t('bo.actions.what') },
          ownerId: { id: 'action-owner', label: t('bo.actions.owner') },
          dueOn: { id: 'action-due', label: t('bo.actions.dueOn') },
        }}
      />
      <TextField
        id="action-title"
        label={t('bo.actions.what')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={fieldErrors.title}
        maxLength={500}
      />
      <Select
        id="action-owner"
        label={t('bo.actions.owner')}
        required
        value={ownerId}
        options={owners}
        labelOf={(id) => finding.owners.find((o) => o.id === id)?.name ?? id}
        onChange={setOwnerId}
        error={fieldErrors.ownerId}
      />
      <TextField
        id="action-due"
        type="date"
        label={t('bo.actions.dueOn')}
        required
        value={dueOn}
        onChange={(e) => setDueOn(e.currentTarget.value)}
        error={fieldErrors.dueOn}
      />
      <Button type="submit" loading={adding.isPending}>
        {t('bo.actions.add')}
      </Button>
    </form>
  );
}

/** Reassigning an open action to someone else, or moving its due day. */
function ReassignForm({ finding, onDone }: { finding: FindingDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const refresh = useRefresh(finding.id);
  const open = finding.actions.filter((a) => a.abilities.edit);
  const [actionId, setActionId] = useState(open[0]?.id ?? '');
  const current = open.find((a) => a.id === actionId) ?? open[0];
  const [ownerId, setOwnerId] = useState(current?.ownerId ?? '');
  const [dueOn, setDueOn] = useState(current?.dueOn ?? '');
  const saving = useMutation({
    mutationFn: () => updateAction(actionId, { ownerId, dueOn }),
    onSuccess: (a) => {
      refresh();
      onDone(`${a.title} — ${t('bo.actions.save')}`);
    },
  });
  const fieldErrors = isApiError(saving.error) ? issuesByField(saving.error.issues) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!saving.isPending) saving.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="reassign-title" noValidate>
      <Text component="h3" id="reassign-title" fw={700} mt="md" mb="xs">
        {t('bo.actions.reassign')}
      </Text>
      <ErrorSummary
        message={saving.error instanceof Error ? saving.error.message : undefined}
        fieldErrors={fieldErrors}
        fields={{
          ownerId: { id: 'reassign-owner', label: t('bo.actions.owner') },
          dueOn: { id: 'reassign-due', label: t('bo.actions.dueOn') },
        }}
      />
      <Select
        id="reassign-action"
        label={t('bo.actions.what')}
        value={actionId}
        options={open.map((a) => a.id)}
        labelOf={(id) => open.find((a) => a.id === id)?.title ?? id}
        onChange={(id) => {
          setActionId(id);
          const a = open.find((x) => x.id === id);
          if (a) {
            setOwnerId(a.ownerId);
            setDueOn(a.dueOn);
          }
        }}
      />
      <Select
        id="reassign-owner"
        label={t('bo.actions.owner')}
        value={ownerId}
        options={finding.owners.map((o) => o.id)}
        labelOf={(id) => finding.owners.find((o) => o.id === id)?.name ?? id}
        onChange={setOwnerId}
        error={fieldErrors.ownerId}
      />
      <TextField
        id="reassign-due"
        type="date"
        label={t('bo.actions.dueOn')}
        value={dueOn}
        onChange={(e) => setDueOn(e.currentTarget.value)}
        error={fieldErrors.dueOn}
      />
      <Button type="submit" variant="default" loading={saving.isPending}>
        {t('bo.actions.save')}
      </Button>
    </form>
  );
}

function CloseFindingForm({ finding, onDone }: { finding: FindingDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const refresh = useRefresh(finding.id);
  const [note, setNote] = useState('');
  const closing = useMutation({
    mutationFn: () => closeFinding(finding.id, { note }),
    onSuccess: () => {
      refresh();
      onDone(t('bo.closedByUser'));
    },
  });
  const fieldErrors = isApiError(closing.error) ? issuesByField(closing.error.issues) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!closing.isPending) closing.mutate();
  };
  return (
    <Panel title={t('bo.close.title')} id="finding-close">
      <form onSubmit={submit} noValidate>
        <ErrorSummary
          message={closing.error instanceof Error ? closing.error.message : undefined}
          fieldErrors={fieldErrors}
          fields={{ note: { id: 'close-note', label: t('bo.close.note') } }}
        />
        <TextAreaField
          id="close-note"
          label={t('bo.close.note')}
          required
          minRows={2}
          value={note}
          onChange={setNote}
          error={fieldErrors.note}
        />
        <Button type="submit" color="red" variant="outline" loading={closing.isPending}>
          {t('bo.close.submit')}
        </Button>
      </form>
    </Panel>
  );
}
