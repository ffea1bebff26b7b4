import { Accordion, Alert, Anchor, Box, Button, Group, List, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorSummary, FileField, RadioGroup, Select, TextAreaField, TextField, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { SectionTabs } from '../../components/section-tabs.tsx';
import { DoneStatus, LoadError, Loading } from '../../components/status.tsx';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { FindingStatusBadge, SeverityBadge } from '../audits/badges.tsx';
import { SEVERITIES, type Severity } from '../audits/api.ts';
import {
  ANSWERS,
  answerItem,
  auditKeys,
  evidenceUrl,
  formatDay,
  getAudit,
  moveAudit,
  raiseFinding,
  reportUrl,
  updateAudit,
  uploadEvidence,
  type Answer,
  type AuditStatus,
  type EthicsAuditDto,
  type EthicsAuditFindingDto,
  type EthicsAuditItemDto,
} from './api.ts';
import { AnswerBadge, AuditStatusBadge } from './badges.tsx';

/** One ethics audit (/app/audits/:id): its steps, the checklist to answer with evidence, its findings and report. */
export function AuditPage() {
  const { t } = useTranslation('audits');
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: auditKeys.one(id), queryFn: () => getAudit(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404) || isApiError(query.error, 400)) return <NotFoundPage />;
  return (
    <Page title={query.data ? `${query.data.reference} — ${query.data.title}` : t('ethicsAudit.bo.title')}>
      <Anchor component={Link} to="/audits" size="sm" mb="sm" display="inline-block">
        {t('ethicsAudit.bo.back')}
      </Anchor>
      {query.isPending ? <Loading /> : query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : <AuditDetail audit={query.data} />}
    </Page>
  );
}

/** After a change: the audit's page starts from the answer, the lists and findings are read again. */
function useSaved(onDone: (message: string) => void) {
  const queryClient = useQueryClient();
  return (message: string) => (updated: EthicsAuditDto) => {
    queryClient.setQueryData(auditKeys.one(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: ['ethics-audits', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['findings'] });
    onDone(message);
  };
}

const domId = (itemKey: string) => itemKey.replace(/[^a-z0-9]/gi, '-');

function AuditDetail({ audit }: { audit: EthicsAuditDto }) {
  const { t } = useTranslation('audits');
  const lang = currentLanguage();
  const [done, setDone] = useState<string | null>(null);
  return (
    <Stack gap="md">
      <DoneStatus message={done} />
      <Panel
        title={t('ethicsAudit.bo.details')}
        id="audit-details"
        actions={
          <Anchor href={reportUrl(audit.id)} target="_blank" rel="noopener">
            {t('ethicsAudit.bo.report')}
          </Anchor>
        }
      >
        <Group gap="xs" mb="sm">
          <AuditStatusBadge status={audit.status} />
        </Group>
        <Text mb="sm" maw="48rem">
          {audit.description}
        </Text>
        <Facts
          items={[
            { label: t('ethicsAudit.fields.reference'), value: audit.reference },
            { label: t('ethicsAudit.fields.auditor'), value: audit.auditorName ?? '' },
            {
              label: t('ethicsAudit.fields.period'),
              value: audit.endsOn
                ? t('ethicsAudit.report.period', { from: formatDay(audit.startsOn, lang), to: formatDay(audit.endsOn, lang) })
                : t('ethicsAudit.report.periodOpen', { from: formatDay(audit.startsOn, lang) }),
            },
            {
              label: t('ethicsAudit.fields.progress'),
              value: t('ethicsAudit.progress', { answered: audit.progress.answered, total: audit.progress.total, nonCompliant: audit.progress.nonCompliant }),
            },
            { label: t('ethicsAudit.fields.scope'), value: audit.scope },
          ]}
        />
        <MoveButtons audit={audit} onDone={setDone} />
      </Panel>
      <AuditParts audit={audit} onDone={setDone} />
    </Stack>
  );
}

/**
 * The audit's parts as tabs, each with its count, instead of one page of fourteen forms: the
 * checklist (each item folded to its question and answer until opened), the findings, their
 * remediation actions, the evidence files and the conclusion.
 */
function AuditParts({ audit, onDone }: { audit: EthicsAuditDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const items = audit.sections.flatMap((s) => s.items);
  const actions = audit.findings.flatMap((f) => f.actions);
  const files = audit.files.length + items.reduce((n, i) => n + i.files.length, 0);
  return (
    <SectionTabs
      label={t('ethicsAudit.bo.tabs.label')}
      tabs={[
        {
          value: 'checklist',
          label: t('ethicsAudit.bo.tabs.checklist'),
          count: t('ethicsAudit.bo.tabs.answered', { answered: audit.progress.answered, total: audit.progress.total }),
          content: audit.sections.map((section) => <ChecklistSection key={section.key} audit={audit} section={section} onDone={onDone} />),
        },
        { value: 'findings', label: t('ethicsAudit.bo.findings'), count: audit.findings.length, content: <FindingsPanel audit={audit} onDone={onDone} /> },
        { value: 'actions', label: t('bo.actions.title'), count: actions.length, content: <ActionsPanel audit={audit} /> },
        { value: 'evidence', label: t('ethicsAudit.bo.tabs.evidence'), count: files, content: <FilesPanel audit={audit} onDone={onDone} /> },
        { value: 'conclusion', label: t('ethicsAudit.bo.conclusion'), content: <ConclusionPanel audit={audit} onDone={onDone} /> },
      ]}
    />
  );
}

/** One section of the checklist: its items folded to "reference — question" and their answer, opened one by one. */
function ChecklistSection({ audit, section, onDone }: { audit: EthicsAuditDto; section: EthicsAuditDto['sections'][number]; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const answered = section.items.filter((i) => i.answer).length;
  return (
    <Panel title={`${section.title} (${t('ethicsAudit.bo.tabs.answered', { answered, total: section.items.length })})`} id={`section-${section.key}`}>
      <Accordion multiple order={3} chevronPosition="left" variant="contained">
        {section.items.map((item) => (
          <Accordion.Item key={item.itemKey} value={item.itemKey}>
            <Accordion.Control>
              <span className="cf-item-control">
                <span>
                  {item.ref} — {item.question}
                </span>
                <AnswerBadge answer={item.answer?.answer ?? null} />
              </span>
            </Accordion.Control>
            <Accordion.Panel>
              <ChecklistItem audit={audit} item={item} onDone={onDone} />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Panel>
  );
}

function MoveButtons({ audit, onDone }: { audit: EthicsAuditDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const saved = useSaved(onDone);
  const move = useMutation({
    mutationFn: (status: 'in_progress' | 'reporting' | 'closed') => moveAudit(audit.id, { status }),
    onSuccess: (updated) => saved(t('ethicsAudit.bo.move.moved', { status: t(`ethicsAudit.status.${updated.status}`) }))(updated),
  });
  const unanswered = audit.progress.total - audit.progress.answered;
  const label = (to: AuditStatus) => (to === 'in_progress' && audit.status === 'reporting' ? t('ethicsAudit.bo.move.backToAnswering') : t(`ethicsAudit.bo.move.${to}`));
  const targets = audit.abilities.moveTo.filter((to): to is 'in_progress' | 'reporting' | 'closed' => to !== 'planned');
  return (
    <Box mt="md">
      <ErrorSummary message={move.error instanceof Error ? move.error.message : undefined} />
      <Group gap="sm">
        {targets.map((to) => (
          <Button key={to} variant={to === 'closed' ? 'filled' : 'default'} loading={move.isPending && move.variables === to} onClick={() => move.mutate(to)}>
            {label(to)}
          </Button>
        ))}
      </Group>
      {audit.status === 'reporting' && unanswered > 0 ? (
        <Text size="sm" mt="xs">
          {t('ethicsAudit.bo.move.closeBlocked', { count: unanswered })}
        </Text>
      ) : null}
    </Box>
  );
}

/** An opened checklist item: how to check it, the answer form, its evidence and its finding. */
function ChecklistItem({ audit, item, onDone }: { audit: EthicsAuditDto; item: EthicsAuditItemDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const id = domId(item.itemKey);
  const finding = audit.findings.find((f) => f.id === item.findingId);
  // « Comment vérifier : » in French, "How to check: " in English.
  const colon = t('common.colon', { ns: 'backoffice' });
  return (
    <Box>
      {item.answer?.answeredBy ? (
        <Text size="sm" c="dimmed" mb={4}>
          {t('ethicsAudit.bo.answeredBy', { name: item.answer.answeredBy })}
        </Text>
      ) : null}
      <Text size="sm">
        <Text span fw={600}>
          {t('ethicsAudit.bo.guidance')}
          {colon}
        </Text>
        {item.guidance}
      </Text>
      <Text size="sm" mb="xs">
        <Text span fw={600}>
          {t('ethicsAudit.bo.expected')}
          {colon}
        </Text>
        {item.evidence}
      </Text>
      {item.answer?.comment && !audit.abilities.answer ? <Text style={{ whiteSpace: 'pre-wrap' }}>{item.answer.comment}</Text> : null}
      {audit.abilities.answer ? <AnswerForm audit={audit} item={item} onDone={onDone} /> : null}
      <FileList audit={audit} files={item.files} />
      {audit.abilities.addEvidence ? <UploadForm audit={audit} itemKey={item.itemKey} idPrefix={`files-${id}`} onDone={onDone} /> : null}
      {finding ? (
        <Text size="sm" mt="xs">
          {t('ethicsAudit.bo.findingRaised', { reference: finding.reference })} —{' '}
          <Anchor component={Link} to={`/findings/${finding.id}`}>
            {t('ethicsAudit.bo.openFinding')}
          </Anchor>
        </Text>
      ) : item.answer?.answer === 'non_compliant' && audit.abilities.raiseFinding ? (
        <RaiseFindingForm audit={audit} itemKey={item.itemKey} idPrefix={`finding-${id}`} title={t('ethicsAudit.bo.raiseItem')} onDone={onDone} />
      ) : null}
    </Box>
  );
}

function AnswerForm({ audit, item, onDone }: { audit: EthicsAuditDto; item: EthicsAuditItemDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const id = domId(item.itemKey);
  const [answer, setAnswer] = useState<Answer | ''>(item.answer?.answer ?? '');
  const [comment, setComment] = useState(item.answer?.comment ?? '');
  const saved = useSaved(onDone);
  const mutation = useMutation({
    mutationFn: (input: { answer: Answer; comment: string }) => answerItem(audit.id, { itemKey: item.itemKey, answer: input.answer, ...(input.comment ? { comment: input.comment } : {}) }),
    onSuccess: saved(t('ethicsAudit.bo.answerSaved')),
  });
  const errors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (answer && !mutation.isPending) mutation.mutate({ answer, comment });
  };
  return (
    <Box component="form" onSubmit={submit} noValidate maw="48rem">
      <ErrorSummary message={mutation.error instanceof Error ? mutation.error.message : undefined} />
      <RadioGroup<Answer | ''>
        id={`answer-${id}`}
        legend={t('ethicsAudit.fields.answer')}
        inline
        value={answer}
        onChange={setAnswer}
        error={errors.answer}
        options={ANSWERS.map((a) => ({ value: a, label: t(`ethicsAudit.answer.${a}`) }))}
      />
      <TextAreaField id={`comment-${id}`} label={t('ethicsAudit.fields.comment')} value={comment} onChange={setComment} error={errors.comment} minRows={2} />
      <Button type="submit" variant="default" size="xs" loading={mutation.isPending} disabled={!answer}>
        {t('ethicsAudit.bo.saveAnswer')}
      </Button>
    </Box>
  );
}

function FileList({ audit, files }: { audit: EthicsAuditDto; files: EthicsAuditItemDto['files'] }) {
  if (files.length === 0) return null;
  return (
    <List size="sm" mt="xs">
      {files.map((f) => (
        <List.Item key={f.id}>
          <Anchor href={evidenceUrl(audit.id, f.id)} download>
            {f.filename ?? f.id}
          </Anchor>
        </List.Item>
      ))}
    </List>
  );
}

function UploadForm({ audit, itemKey, idPrefix, onDone }: { audit: EthicsAuditDto; itemKey: string | null; idPrefix: string; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const [files, setFiles] = useState<File[]>([]);
  const saved = useSaved(onDone);
  const upload = useMutation({
    mutationFn: (chosen: File[]) => uploadEvidence(audit.id, itemKey, chosen),
    onSuccess: (updated) => {
      saved(t('ethicsAudit.bo.uploaded'))(updated);
      setFiles([]);
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (files.length > 0 && !upload.isPending) upload.mutate(files);
  };
  return (
    <Box component="form" onSubmit={submit} noValidate mt="xs" maw="48rem">
      <ErrorSummary message={upload.error instanceof Error ? upload.error.message : undefined} />
      <FileField
        id={idPrefix}
        multiple
        label={t('ethicsAudit.bo.upload')}
        hint={t('ethicsAudit.bo.uploadHint')}
        files={files}
        onChange={setFiles}
        accept=".pdf,.png,.jpg,.jpeg,.webp,.txt,application/pdf,image/png,image/jpeg,image/webp,text/plain"
      />
      <Button type="submit" variant="default" size="xs" loading={upload.isPending} disabled={files.length === 0}>
        {t('ethicsAudit.bo.uploadSubmit')}
      </Button>
    </Box>
  );
}

function RaiseFindingForm({
  audit,
  itemKey,
  idPrefix,
  title,
  onDone,
}: {
  audit: EthicsAuditDto;
  itemKey: string | null;
  idPrefix: string;
  title: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('audits');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [severity, setSeverity] = useState<Severity>('medium');
  const [heading, setHeading] = useState('');
  const [observation, setObservation] = useState('');
  const [recommendation, setRecommendation] = useState('');
  const mutation = useMutation({
    mutationFn: () =>
      raiseFinding(audit.id, { severity, observation, recommendation, ...(itemKey ? { itemKey } : {}), ...(itemKey === null && heading ? { title: heading } : {}) }),
    onSuccess: (f) => {
      void queryClient.invalidateQueries({ queryKey: auditKeys.one(audit.id) });
      void queryClient.invalidateQueries({ queryKey: ['findings'] });
      void queryClient.invalidateQueries({ queryKey: ['ethics-audits', 'list'] });
      onDone(t('ethicsAudit.bo.raised', { reference: f.reference }));
      setOpen(false);
    },
  });
  const errors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  if (!open)
    return (
      <Button variant="default" size="xs" mt="xs" onClick={() => setOpen(true)}>
        {title}
      </Button>
    );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!mutation.isPending) mutation.mutate();
  };
  return (
    <Box component="form" onSubmit={submit} noValidate mt="xs" maw="48rem" aria-label={title}>
      <ErrorSummary
        message={mutation.error instanceof Error ? mutation.error.message : undefined}
        fieldErrors={errors}
        fields={{
          title: { id: `${idPrefix}-title`, label: t('ethicsAudit.fields.title') },
          observation: { id: `${idPrefix}-observation`, label: t('ethicsAudit.fields.observation') },
          recommendation: { id: `${idPrefix}-recommendation`, label: t('ethicsAudit.fields.recommendation') },
        }}
      />
      {itemKey === null ? (
        <TextField id={`${idPrefix}-title`} label={t('ethicsAudit.fields.title')} required value={heading} onChange={(e) => setHeading(e.target.value)} error={errors.title} />
      ) : null}
      <Select<Severity> id={`${idPrefix}-severity`} label={t('ethicsAudit.fields.severity')} value={severity} onChange={setSeverity} options={SEVERITIES} labelOf={(s) => t(`bo.severity.${s}`)} />
      <TextAreaField id={`${idPrefix}-observation`} label={t('ethicsAudit.fields.observation')} required value={observation} onChange={setObservation} error={errors.observation} minRows={2} />
      <TextAreaField
        id={`${idPrefix}-recommendation`}
        label={t('ethicsAudit.fields.recommendation')}
        required
        value={recommendation}
        onChange={setRecommendation}
        error={errors.recommendation}
        minRows={2}
      />
      <Button type="submit" size="xs" loading={mutation.isPending}>
        {t('ethicsAudit.bo.raise')}
      </Button>
    </Box>
  );
}

function FindingsPanel({ audit, onDone }: { audit: EthicsAuditDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const lang = currentLanguage();
  return (
    <Panel title={t('ethicsAudit.bo.findings')} id="audit-findings">
      <DataTable<EthicsAuditFindingDto>
        caption={t('ethicsAudit.bo.findings')}
        rows={audit.findings}
        rowKey={(f) => f.id}
        rowHref={(f) => `/findings/${f.id}`}
        empty={<EmptyState title={t('ethicsAudit.bo.noFindings')} />}
        columns={[
          { key: 'reference', header: t('ethicsAudit.fields.reference'), cell: (f) => f.reference, sortValue: (f) => f.reference, nowrap: true },
          { key: 'title', header: t('ethicsAudit.fields.title'), cell: (f) => f.title },
          { key: 'severity', header: t('ethicsAudit.fields.severity'), cell: (f) => <SeverityBadge severity={f.severity} />, sortValue: (f) => SEVERITIES.indexOf(f.severity) },
          { key: 'status', header: t('ethicsAudit.fields.findingStatus'), cell: (f) => <FindingStatusBadge status={f.status} />, sortValue: (f) => f.status },
          {
            key: 'actions',
            header: t('bo.actions.title'),
            cell: (f) =>
              f.actions.length === 0
                ? t('bo.actions.none')
                : f.actions.map((a) => `${a.title} (${a.ownerName ?? ''}, ${formatDay(a.dueOn, lang)}, ${t(`bo.actions.statuses.${a.status}`)})`).join(' ; '),
          },
        ]}
      />
      {audit.abilities.raiseFinding ? <RaiseFindingForm audit={audit} itemKey={null} idPrefix="manual-finding" title={t('ethicsAudit.bo.manualFinding')} onDone={onDone} /> : null}
    </Panel>
  );
}

/** Every evidence file of the audit: those for the whole audit (with the upload), then each item's. */
function FilesPanel({ audit, onDone }: { audit: EthicsAuditDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const withFiles = audit.sections.flatMap((s) => s.items).filter((i) => i.files.length > 0);
  const itemFiles = withFiles.reduce((n, i) => n + i.files.length, 0);
  // The tab counts every file; an empty first panel points to the item files below, so "(1)" and
  // "no file" never read as a contradiction.
  const noGeneral = itemFiles === 0 ? t('ethicsAudit.bo.noGeneralFiles') : t('ethicsAudit.bo.noGeneralFilesSeeItems', { count: itemFiles });
  return (
    <>
      <Panel title={t('ethicsAudit.bo.generalFiles')} id="audit-files">
        {audit.files.length === 0 ? <Text size="sm">{noGeneral}</Text> : <FileList audit={audit} files={audit.files} />}
        {audit.abilities.addEvidence ? <UploadForm audit={audit} itemKey={null} idPrefix="files-audit" onDone={onDone} /> : null}
      </Panel>
      <Panel title={t('ethicsAudit.bo.itemFiles')} id="audit-item-files">
        {withFiles.length === 0 ? (
          <Text size="sm">{t('ethicsAudit.bo.noItemFiles')}</Text>
        ) : (
          <List size="sm" spacing="xs">
            {withFiles.map((item) => (
              <List.Item key={item.itemKey}>
                {item.ref} — {item.question}
                <FileList audit={audit} files={item.files} />
              </List.Item>
            ))}
          </List>
        )}
      </Panel>
    </>
  );
}

/** The remediation actions of every finding of the audit, in one list (each opens its finding, where it is managed). */
function ActionsPanel({ audit }: { audit: EthicsAuditDto }) {
  const { t } = useTranslation('audits');
  const lang = currentLanguage();
  const rows = audit.findings.flatMap((f) => f.actions.map((a) => ({ ...a, finding: f })));
  return (
    <Panel title={t('bo.actions.title')} id="audit-actions">
      <DataTable
        caption={t('bo.actions.title')}
        rows={rows}
        rowKey={(a) => a.id}
        rowHref={(a) => `/findings/${a.finding.id}`}
        empty={<EmptyState title={t('bo.actions.none')} />}
        columns={[
          // A sentence in the row's header, which keeps one line otherwise: it wraps at a readable width.
          { key: 'title', header: t('ethicsAudit.fields.action'), cell: (a) => <span className="cf-cell-text">{a.title}</span>, sortValue: (a) => a.title },
          { key: 'finding', header: t('ethicsAudit.bo.findingColumn'), cell: (a) => a.finding.reference, sortValue: (a) => a.finding.reference, nowrap: true },
          { key: 'owner', header: t('ethicsAudit.fields.owner'), cell: (a) => a.ownerName ?? '', sortValue: (a) => a.ownerName ?? '' },
          { key: 'dueOn', header: t('ethicsAudit.fields.dueOn'), cell: (a) => formatDay(a.dueOn, lang), sortValue: (a) => a.dueOn, nowrap: true },
          {
            key: 'status',
            header: t('ethicsAudit.fields.actionStatus'),
            cell: (a) => `${t(`bo.actions.statuses.${a.status}`)}${a.overdue ? ` — ${t('bo.actions.overdue')}` : ''}`,
            sortValue: (a) => a.status,
          },
        ]}
      />
    </Panel>
  );
}

function ConclusionPanel({ audit, onDone }: { audit: EthicsAuditDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('audits');
  const [conclusion, setConclusion] = useState(audit.conclusion ?? '');
  const saved = useSaved(onDone);
  const mutation = useMutation({ mutationFn: () => updateAudit(audit.id, { conclusion: conclusion || null }), onSuccess: saved(t('ethicsAudit.bo.saved')) });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!mutation.isPending) mutation.mutate();
  };
  return (
    <Panel title={t('ethicsAudit.bo.conclusion')} id="audit-conclusion">
      {audit.abilities.edit ? (
        <Box component="form" onSubmit={submit} noValidate maw="48rem">
          <ErrorSummary message={mutation.error instanceof Error ? mutation.error.message : undefined} />
          <TextAreaField id="audit-conclusion-text" label={t('ethicsAudit.fields.conclusion')} value={conclusion} onChange={setConclusion} minRows={3} />
          <Button type="submit" variant="default" size="xs" loading={mutation.isPending}>
            {t('ethicsAudit.bo.saveConclusion')}
          </Button>
        </Box>
      ) : (
        <Text style={{ whiteSpace: 'pre-wrap' }}>{audit.conclusion ?? t('ethicsAudit.report.noConclusion')}</Text>
      )}
      {audit.status === 'closed' ? (
        <Alert color="green" mt="sm" p="xs">
          {t('ethicsAudit.status.closed')}
        </Alert>
      ) : null}
    </Panel>
  );
}
