import {
  Alert,
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Timeline as MantineTimeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { CheckboxGroup, ErrorSummary, issuesByField, Select, TextAreaField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel, type Fact } from '../../components/panel.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { dateFormatter, formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { allOf, isOneOf } from '../../union.ts';
import {
  complaintAction,
  findAdvisorTeam,
  findAdvisors,
  getComplaint,
  type ComplaintDetailDto,
  type ComplaintStep,
  type ComplaintStepBodies,
  type ComplaintStepRequest,
  COMPLAINT_CATEGORIES,
} from './api.ts';
import { ClockText } from './complaints.page.tsx';
import { AttachmentList, AttachmentsPanel } from './complaint.attachments.tsx';
import { AnswerForm } from './complaint.answer.tsx';
import { MessageCheck } from '../messages/message-check.tsx';

type Assess = Required<ComplaintStepBodies['assess']>;

const MANUAL_ACK_CHANNELS = allOf<NonNullable<ComplaintStepBodies['acknowledge']['sentBy']>>()(['post', 'phone']);
const SEVERITIES = allOf<Assess['severity']>()(['low', 'medium', 'high', 'critical']);
const URGENCIES = allOf<Assess['urgency']>()(['normal', 'urgent']);
const SENTIMENTS = allOf<Assess['sentiment']>()(['negative', 'neutral', 'positive']);
const TRIAGE_TASKS = ['category', 'urgency', 'sentiment'] as const;
const VULNERABILITIES = allOf<Assess['vulnerabilities'][number]>()([
  'elderly',
  'financial_hardship',
  'disability',
  'illness',
  'bereavement',
  'language_barrier',
  'other',
]);
const PAUSE_REASONS = allOf<ComplaintStepBodies['request-info']['reason']>()([
  'missing_document',
  'clarification',
  'identity_check',
  'customer_unavailable',
  'other',
]);

/** A text area of an action, full width of its column (answers and notes are written at length). */
function TextArea({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  return <TextAreaField id={id} label={label} value={value} onChange={onChange} error={error} minRows={3} />;
}

/** One step of the handling, as a card with its own form, submit button and error summary. */
function ActionForm({
  id,
  title,
  submit,
  onSubmit,
  children,
  pending,
  error,
}: {
  id: string;
  title: string;
  submit: string;
  onSubmit: () => void;
  children?: ReactNode;
  pending: boolean;
  error: unknown;
}) {
  const fieldErrors = isApiError(error) ? issuesByField(error.issues) : {};
  return (
    <Card
      component="form"
      withBorder
      padding="md"
      mb="sm"
      aria-labelledby={`${id}-title`}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (!pending) onSubmit();
      }}
    >
      <Title order={3} id={`${id}-title`} mb="xs">
        {title}
      </Title>
      <ErrorSummary message={error instanceof Error ? error.message : undefined} fieldErrors={fieldErrors} />
      {children}
      <Group>
        <Button type="submit" loading={pending}>
          {submit}
        </Button>
      </Group>
    </Card>
  );
}

/**
 * The complaint page (/app/complaints/:id), in two columns on a desktop: the file (summary, the
 * actions, thread and history) on the left; the customer, the clocks, triage and documents on
 * the right. On a phone the columns stack, the file first.
 */
export function ComplaintPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('complaints');
  const query = useQuery({ queryKey: ['complaint', id], queryFn: () => getComplaint(id) });
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  return (
    <Page title={t('bo.pageTitle', { reference: c.reference })}>
      <Anchor component={Link} to="/complaints" size="sm" mb="sm" display="inline-block">
        {t('bo.backToQueue')}
      </Anchor>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Overview c={c} />
          <Actions c={c} />
          <Thread c={c} />
          <Timeline c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <CustomerPanel c={c} />
          <ClocksPanel c={c} />
          <TriageSuggestion c={c} />
          <AttachmentsPanel c={c} />
        </Grid.Col>
      </Grid>
    </Page>
  );
}

const STATUS_TONE: Record<ComplaintDetailDto['status'], 'info' | 'warning' | 'success' | 'neutral'> = {
  received: 'warning',
  acknowledged: 'info',
  assessing: 'info',
  investigating: 'info',
  answered: 'success',
  closed: 'neutral',
  reopened: 'warning',
};

/** A block of text someone wrote (description, remedy sought, reasons), under its label. */
function Written({ label, text }: { label: string; text: string }) {
  return (
    <Stack gap={2} mt="sm">
      <Text fw={600} size="sm">
        {label}
      </Text>
      <Text className="cf-prewrap">{text}</Text>
    </Stack>
  );
}

/** The summary card: where the file stands, who owns it, what the customer wrote and wants. */
function Overview({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const items: Fact[] = [
    { label: t('bo.columns.category'), value: t(`categories.${c.category}`) },
    { label: t('bo.channel'), value: t(`channels.${c.channel}`) },
    c.escalationLevel >= 2
      ? { label: t('bo.level2Owner'), value: c.level2Owner?.name ?? t('bo.noOwner') }
      : { label: t('bo.columns.assignee'), value: c.assignee?.name ?? t('bo.unassigned') },
    { label: t('bo.severity'), value: c.severity ? t(`severities.${c.severity}`) : t('bo.notAssessed') },
    { label: t('bo.urgency'), value: t(`urgencies.${c.urgency}`) },
    { label: t('bo.sentiment'), value: c.sentiment ? t(`sentiments.${c.sentiment}`) : t('bo.notAssessed') },
    {
      label: t('bo.vulnerabilities'),
      value: c.vulnerabilities.length ? c.vulnerabilities.map((v) => t(`vulnerabilities.${v}`)).join(', ') : t('bo.none'),
    },
    { label: t('bo.decision'), value: c.decision ? t(`decisions.${c.decision}`) : '', hidden: !c.decision },
    {
      label: t('bo.customerResponse'),
      value: c.customerResponse ? t(`bo.responses.${c.customerResponse}`) : '',
      hidden: !c.customerResponse,
    },
    {
      label: t('bo.satisfaction'),
      value: `${c.satisfaction ?? ''}/5${c.satisfactionComment ? ` — ${c.satisfactionComment}` : ''}`,
      hidden: !c.satisfaction,
    },
  ];
  return (
    <Panel id="overview-title" title={t('bo.overview')}>
      <Group gap="xs" mb="sm">
        <StatusBadge tone={STATUS_TONE[c.status]}>{t(`statuses.${c.status}`)}</StatusBadge>
        <StatusBadge tone={c.escalationLevel >= 2 ? 'warning' : 'neutral'}>{t(`bo.levels.${c.escalationLevel}`)}</StatusBadge>
        <ClockText clock={c.clocks.answer} />
      </Group>
      <Facts items={items} />
      <Written label={t('bo.description')} text={c.description ?? t('bo.erased')} />
      {c.remedySought ? <Written label={t('bo.remedySought')} text={c.remedySought} /> : null}
      {c.decisionReasons ? <Written label={t('bo.decisionReasons')} text={c.decisionReasons} /> : null}
    </Panel>
  );
}

/** Who complains, how to reach them, and their dedicated advisor. */
function CustomerPanel({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  return (
    <Panel id="customer-title" title={t('bo.customer')}>
      <Facts
        columns={1}
        items={[
          { label: t('bo.name'), value: c.customer.name ?? t('bo.erased') },
          { label: t('bo.email'), value: c.customer.email ?? '—' },
          { label: t('bo.phone'), value: c.customer.phone ?? '—' },
          { label: t('bo.address'), value: <span className="cf-prewrap">{c.customer.address}</span>, hidden: !c.customer.address },
          { label: t('bo.advisor'), value: c.advisor?.name ?? t('bo.unassigned') },
        ]}
      />
      {c.customer.email === null && c.customer.name !== null ? (
        <Alert color="brand" mt="sm">
          {t('bo.noEmail')}
        </Alert>
      ) : null}
    </Panel>
  );
}

/** The service clocks (acknowledgement, answer), the terms they follow, a pause, the mediation limit. */
function ClocksPanel({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  return (
    <Panel id="clocks-title" title={t('bo.clocks')}>
      <Facts
        stacked
        columns={1}
        items={[
          { label: t('bo.columns.ack'), value: <ClockText clock={c.clocks.ack} /> },
          { label: t('bo.columns.answer'), value: <ClockText clock={c.clocks.answer} /> },
          {
            label: t('bo.terms'),
            value: t('bo.termsText', {
              ack: c.clocks.ack.amount,
              answer: t(`bo.answerUnits.${c.clocks.answer.unit}`, { count: c.clocks.answer.amount }),
            }),
          },
          {
            label: t('bo.pausedSince'),
            value: c.pause ? `${formatDateTime(c.pause.since, currentLanguage())} — ${t(`pauseReasons.${c.pause.reason}`)}` : '',
            hidden: !c.pause,
          },
          { label: t('bo.mediationLimit'), value: `${c.mediator.name} — ${dateFormatter(currentLanguage()).date(c.mediator.limitOn)}` },
        ]}
      />
    </Panel>
  );
}

/** The label of one suggested value, in the complaint's own vocabulary. */
function suggestedLabel(t: (key: string) => string, task: (typeof TRIAGE_TASKS)[number], label: string): string {
  if (task === 'category') return t(`categories.${label}`);
  if (task === 'urgency') return t(`urgencies.${label}`);
  return t(`sentiments.${label}`);
}

/**
 * The triage model's suggestion, labelled as such: it prefills the assessment and the agent
 * decides. Confidence and the words that weighed most let the agent judge how far to trust it.
 */
function TriageSuggestion({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const percent = (x: number) => new Intl.NumberFormat(currentLanguage(), { style: 'percent', maximumFractionDigits: 0 }).format(x);
  const items: Fact[] = TRIAGE_TASKS.flatMap((task) => {
    const s = c.triage?.[task];
    if (!s) return [];
    const reasons = s.reasons.map((r) => (r.kind === 'signal' ? t(`bo.triage.signals.${r.text}`) : r.text)).join(', ');
    return [
      {
        label: t(`bo.triage.tasks.${task}`),
        value: (
          <>
            {t('bo.triage.value', { label: suggestedLabel(t, task, s.label), confidence: percent(s.confidence) })}
            {reasons ? (
              <Text span size="sm" c="dimmed">
                {' '}
                — {t('bo.triage.reasons', { reasons })}
              </Text>
            ) : null}
          </>
        ),
      },
    ];
  });
  return (
    <Panel id="triage-title" title={t('bo.triage.title')}>
      {c.triage ? (
        <>
          <Text size="sm" mb="xs">
            {t('bo.triage.hint')}
          </Text>
          <Facts columns={1} stacked items={items} />
          {c.triage.urgency.label === 'normal' ? (
            <Text size="sm" c="dimmed" mt="xs">
              {t('bo.triage.urgencyWarning')}
            </Text>
          ) : null}
        </>
      ) : (
        <Text>{t('bo.triage.none')}</Text>
      )}
    </Panel>
  );
}

function Actions({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const me = useMe();
  const queryClient = useQueryClient();
  const [done, setDone] = useState('');
  const [action, setAction] = useState<ComplaintStep | null>(null);
  const mutation = useMutation({
    mutationFn: (request: ComplaintStepRequest) => complaintAction(c.id, request),
    onSuccess: (updated, { step }) => {
      queryClient.setQueryData(['complaint', c.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['complaints'] });
      setDone(t(`bo.done.${step}`));
    },
  });
  const run = (request: ComplaintStepRequest) => {
    setAction(request.step);
    setDone('');
    mutation.mutate(request);
  };
  const errorFor = (step: ComplaintStep) => (action === step ? mutation.error : null);
  const pending = mutation.isPending;
  const [ackMessage, setAckMessage] = useState('');
  const [ackSentBy, setAckSentBy] = useState<(typeof MANUAL_ACK_CHANNELS)[number]>('post');
  const [severity, setSeverity] = useState<Assess['severity']>(c.severity ?? 'medium');
  const [category, setCategory] = useState(c.prefill.category);
  const [urgency, setUrgency] = useState(c.prefill.urgency);
  const [sentiment, setSentiment] = useState<Assess['sentiment']>(c.prefill.sentiment ?? 'neutral');
  const [vulnerabilities, setVulnerabilities] = useState<Assess['vulnerabilities']>(() =>
    c.vulnerabilities.filter((v) => isOneOf(VULNERABILITIES, v)),
  );
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [escalationNote, setEscalationNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [assignReason, setAssignReason] = useState('');
  const [pauseReason, setPauseReason] = useState<ComplaintStepBodies['request-info']['reason']>('missing_document');
  const [pauseMessage, setPauseMessage] = useState('');
  const [owner, setOwner] = useState('');
  const advisors = useQuery({
    queryKey: ['advisors'],
    queryFn: findAdvisors,
    enabled: c.abilities.assign === true && me.permissions.includes('advisor:read'),
  });
  // Who may own the file at level 2 (those who may lead a team); only when the next step is level 2.
  const choosingOwner = c.abilities.escalate === true && c.escalationLevel === 1 && me.permissions.includes('advisor:read');
  const team = useQuery({ queryKey: ['advisors', 'team'], queryFn: findAdvisorTeam, enabled: choosingOwner });
  const a = c.abilities;

  return (
    <Stack component="section" aria-labelledby="actions-title" gap={0} mb="md">
      <Title order={2} id="actions-title" mb="sm">
        {t('bo.actions')}
      </Title>
      <div role="status">
        {done ? (
          <Alert color="green" mb="sm">
            {done}
          </Alert>
        ) : null}
      </div>
      {c.manualAck?.doneAt ? (
        <Paper withBorder p="sm" mb="sm">
          <Text>
            {t('bo.manualAck.done', {
              date: formatDateTime(c.manualAck.doneAt, currentLanguage()),
              channel: t(`bo.manualAck.channels.${c.manualAck.sentBy ?? 'post'}`),
            })}
          </Text>
        </Paper>
      ) : null}
      {a.acknowledge && c.manualAck ? (
        <ActionForm
          id="ack"
          title={t('bo.manualAck.title')}
          submit={t('bo.manualAck.submit')}
          pending={pending}
          error={errorFor('acknowledge')}
          onSubmit={() =>
            run({ step: 'acknowledge', body: { sentBy: ackSentBy, ...(ackMessage.trim() ? { message: ackMessage.trim() } : {}) } })
          }
        >
          <Text size="sm" mb="xs">
            {t('bo.manualAck.hint')}
          </Text>
          <Select
            id="ack-sent-by"
            label={t('bo.manualAck.sentBy')}
            value={ackSentBy}
            onChange={setAckSentBy}
            options={MANUAL_ACK_CHANNELS}
            labelOf={(v) => t(`bo.manualAck.channels.${v}`)}
          />
          <TextArea id="ack-message" label={t('bo.ackMessage')} value={ackMessage} onChange={setAckMessage} />
        </ActionForm>
      ) : null}
      {a.acknowledge && !c.manualAck ? (
        <ActionForm
          id="ack"
          title={t('bo.acknowledge')}
          submit={t('bo.acknowledgeSubmit')}
          pending={pending}
          error={errorFor('acknowledge')}
          onSubmit={() => run({ step: 'acknowledge', body: ackMessage.trim() ? { message: ackMessage.trim() } : {} })}
        >
          <TextArea id="ack-message" label={t('bo.ackMessage')} value={ackMessage} onChange={setAckMessage} />
        </ActionForm>
      ) : null}
      {a.assess ? (
        <ActionForm
          id="assess"
          title={t('bo.assess')}
          submit={t('bo.assessSubmit')}
          pending={pending}
          error={errorFor('assess')}
          onSubmit={() => run({ step: 'assess', body: { category, severity, urgency, sentiment, vulnerabilities } })}
        >
          {c.triage ? (
            <Text size="sm" c="dimmed" mb="xs">
              {t('bo.triage.prefilled')}
            </Text>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing={0}>
            <Select
              id="assess-category"
              label={t('bo.columns.category')}
              value={category}
              onChange={setCategory}
              options={COMPLAINT_CATEGORIES}
              labelOf={(v) => t(`categories.${v}`)}
            />
            <Select
              id="assess-severity"
              label={t('bo.severity')}
              value={severity}
              onChange={setSeverity}
              options={SEVERITIES}
              labelOf={(v) => t(`severities.${v}`)}
            />
            <Select
              id="assess-urgency"
              label={t('bo.urgency')}
              value={urgency}
              onChange={setUrgency}
              options={URGENCIES}
              labelOf={(v) => t(`urgencies.${v}`)}
            />
            <Select
              id="assess-sentiment"
              label={t('bo.sentiment')}
              value={sentiment}
              onChange={setSentiment}
              options={SENTIMENTS}
              labelOf={(v) => t(`sentiments.${v}`)}
            />
          </SimpleGrid>
          <CheckboxGroup
            id="vuln"
            legend={t('bo.vulnerabilities')}
            options={VULNERABILITIES.map((v) => ({ value: v, label: t(`vulnerabilities.${v}`) }))}
            selected={vulnerabilities}
            onChange={setVulnerabilities}
          />
        </ActionForm>
      ) : null}
      {a.answer ? <AnswerForm c={c} onSent={() => setDone(t('bo.done.answer'))} /> : null}
      {a.reply ? (
        <ActionForm
          id="reply"
          title={t('bo.reply')}
          submit={t('bo.replySubmit')}
          pending={pending}
          error={errorFor('reply')}
          onSubmit={() => run({ step: 'reply', body: { body: reply.trim() } })}
        >
          <TextArea id="reply-body" label={t('bo.replyBody')} value={reply} onChange={setReply} />
          <MessageCheck text={reply} onChange={setReply} textareaId="reply-body" type="other" />
        </ActionForm>
      ) : null}
      {a.request_info ? (
        <ActionForm
          id="request-info"
          title={t('bo.requestInfo')}
          submit={t('bo.requestInfoSubmit')}
          pending={pending}
          error={errorFor('request-info')}
          onSubmit={() => run({ step: 'request-info', body: { reason: pauseReason, message: pauseMessage.trim() } })}
        >
          <Text size="sm" c="dimmed" mb="xs">
            {t('bo.requestInfoHint')}
          </Text>
          <Select
            id="request-info-reason"
            label={t('bo.pauseReason')}
            value={pauseReason}
            onChange={setPauseReason}
            options={PAUSE_REASONS}
            labelOf={(v) => t(`pauseReasons.${v}`)}
          />
          <TextArea id="request-info-message" label={t('bo.requestInfoMessage')} value={pauseMessage} onChange={setPauseMessage} />
        </ActionForm>
      ) : null}
      {a.resume ? (
        <ActionForm
          id="resume"
          title={t('bo.resume')}
          submit={t('bo.resumeSubmit')}
          pending={pending}
          error={errorFor('resume')}
          onSubmit={() => run({ step: 'resume', body: {} })}
        />
      ) : null}
      {a.note ? (
        <ActionForm
          id="note"
          title={t('bo.note')}
          submit={t('bo.noteSubmit')}
          pending={pending}
          error={errorFor('note')}
          onSubmit={() => run({ step: 'note', body: { body: note.trim() } })}
        >
          <TextArea id="note-body" label={t('bo.noteBody')} value={note} onChange={setNote} />
        </ActionForm>
      ) : null}
      {a.escalate ? (
        <ActionForm
          id="escalate"
          title={t('bo.escalate')}
          submit={t(`bo.escalateTo.${Math.min(3, c.escalationLevel + 1)}`)}
          pending={pending}
          error={errorFor('escalate')}
          onSubmit={() =>
            run({
              step: 'escalate',
              body: {
                ...(escalationNote.trim() ? { note: escalationNote.trim() } : {}),
                ...(choosingOwner && owner ? { ownerId: owner } : {}),
              },
            })
          }
        >
          {choosingOwner && team.data ? (
            <Select
              id="escalate-owner"
              label={t('bo.ownerChooser.label')}
              hint={t('bo.ownerChooser.hint')}
              value={owner}
              onChange={setOwner}
              options={['', ...team.data.supervisors.filter((x) => x.id !== me.user.id).map((x) => x.id)]}
              labelOf={(v) => (v ? (team.data.supervisors.find((x) => x.id === v)?.name ?? v) : t('bo.ownerChooser.me'))}
            />
          ) : null}
          <TextArea id="escalate-note" label={t('bo.escalateNote')} value={escalationNote} onChange={setEscalationNote} />
        </ActionForm>
      ) : null}
      {a.assign && advisors.data ? (
        <ActionForm
          id="assign"
          title={t('bo.assign')}
          submit={t('bo.assignSubmit')}
          pending={pending}
          error={errorFor('assign')}
          onSubmit={() => run({ step: 'assign', body: { assigneeId: assignee, reason: assignReason.trim() } })}
        >
          <Select
            id="assign-to"
            label={t('bo.assignTo')}
            value={assignee}
            onChange={setAssignee}
            options={['', ...advisors.data.filter((x) => x.active).map((x) => x.userId)]}
            labelOf={(v) => advisors.data.find((x) => x.userId === v)?.name ?? t('bo.choose')}
          />
          <TextArea id="assign-reason" label={t('bo.assignReason')} value={assignReason} onChange={setAssignReason} />
        </ActionForm>
      ) : null}
      {a.close ? (
        <ActionForm
          id="close"
          title={t('bo.close')}
          submit={t('bo.closeSubmit')}
          pending={pending}
          error={errorFor('close')}
          onSubmit={() => run({ step: 'close', body: {} })}
        />
      ) : null}
    </Stack>
  );
}

/** The conversation with the customer, and internal notes marked as such (never sent). */
function Thread({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  return (
    <Panel id="thread-title" title={t('bo.thread')}>
      {c.messages.length === 0 ? (
        <Text>{t('bo.noMessages')}</Text>
      ) : (
        <Stack component="ol" gap="sm" className="cf-plain-list">
          {c.messages.map((m) => (
            <Paper
              component="li"
              key={m.id}
              withBorder
              p="sm"
              bg={m.internal ? 'yellow.0' : m.authorType === 'customer' ? 'gray.0' : undefined}
            >
              <Text size="sm" c="dimmed" mb={4}>
                {m.internal ? <strong>{t('bo.internalNote')} · </strong> : null}
                {m.authorType === 'customer' ? t('bo.fromCustomer') : (m.authorLabel ?? t('bo.staff'))} ·{' '}
                <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang)}</time>
              </Text>
              {m.body === '' ? null : <Text className="cf-prewrap">{m.body ?? t('bo.erased')}</Text>}
              {c.attachments.some((f) => f.messageId === m.id) ? (
                <AttachmentList complaintId={c.id} files={c.attachments.filter((f) => f.messageId === m.id)} />
              ) : null}
            </Paper>
          ))}
        </Stack>
      )}
    </Panel>
  );
}

/** What happened to the file, oldest first, in words: the step, its detail, who and when. */
function Timeline({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  const detail = (e: ComplaintDetailDto['timeline'][number]): string => {
    if (e.type === 'owner_assigned' && c.level2Owner && c.level2Owner.id === e.detail.ownerId) return c.level2Owner.name;
    if (e.type === 'escalated') return t(`bo.levels.${String(e.detail.to)}`);
    if (e.type === 'paused') return t(`pauseReasons.${String(e.detail.reason)}`);
    if (e.type === 'resumed')
      return t('bo.resumedDetail', {
        businessDays: Number(e.detail.businessDays),
        calendarDays: Number(e.detail.calendarDays),
        answerDueOn: String(e.detail.answerDueOn),
      });
    if (e.type === 'attached') return t('bo.files.count', { count: Number(e.detail.count) });
    if (e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus)
      return `${t(`statuses.${e.fromStatus}`)} → ${t(`statuses.${e.toStatus}`)}`;
    return '';
  };
  return (
    <Panel id="timeline-title" title={t('bo.timeline')}>
      <MantineTimeline bulletSize={12} lineWidth={2} component="ol" className="cf-plain-list">
        {c.timeline.map((e) => {
          const more = detail(e);
          const who =
            e.actorType === 'subject'
              ? t('bo.fromCustomer')
              : (e.actorLabel ?? t(`bo.actors.${e.actorType}`, { defaultValue: e.actorType }));
          return (
            <MantineTimeline.Item key={e.id} component="li" title={t(`bo.events.${e.type}`, { defaultValue: e.type })}>
              {more ? <Text size="sm">{more}</Text> : null}
              <Text size="xs" c="dimmed">
                <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, lang)}</time> · {who}
              </Text>
            </MantineTimeline.Item>
          );
        })}
      </MantineTimeline>
    </Panel>
  );
}
