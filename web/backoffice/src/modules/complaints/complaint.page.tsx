import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { ErrorSummary, issuesByField, Select } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { allOf, isOneOf } from '../../union.ts';
import { complaintAction, findAdvisors, getComplaint, type ComplaintDetailDto, type ComplaintStep, type ComplaintStepBodies, type ComplaintStepRequest, COMPLAINT_CATEGORIES } from './api.ts';
import { ClockText } from './complaints.page.tsx';
import { AttachmentList, AttachmentsPanel } from './complaint.attachments.tsx';
import { AnswerForm } from './complaint.answer.tsx';

type Assess = Required<ComplaintStepBodies['assess']>;

const MANUAL_ACK_CHANNELS = allOf<NonNullable<ComplaintStepBodies['acknowledge']['sentBy']>>()(['post', 'phone']);
const SEVERITIES = allOf<Assess['severity']>()(['low', 'medium', 'high', 'critical']);
const URGENCIES = allOf<Assess['urgency']>()(['normal', 'urgent']);
const SENTIMENTS = allOf<Assess['sentiment']>()(['negative', 'neutral', 'positive']);
const TRIAGE_TASKS = ['category', 'urgency', 'sentiment'] as const;
const VULNERABILITIES = allOf<Assess['vulnerabilities'][number]>()(['elderly', 'financial_hardship', 'disability', 'illness', 'bereavement', 'language_barrier', 'other']);
const PAUSE_REASONS = allOf<ComplaintStepBodies['request-info']['reason']>()(['missing_document', 'clarification', 'identity_check', 'customer_unavailable', 'other']);

function TextArea({ id, label, value, onChange, error }: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={4} value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** One step of the handling, as a form with its own submit button and error summary. */
function ActionForm({ id, title, submit, onSubmit, children, pending, error }: { id: string; title: string; submit: string; onSubmit: () => void; children?: ReactNode; pending: boolean; error: unknown }) {
  const fieldErrors = isApiError(error) ? issuesByField(error.issues) : {};
  return (
    <form
      className="panel"
      aria-labelledby={`${id}-title`}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (!pending) onSubmit();
      }}
    >
      <h3 id={`${id}-title`}>{title}</h3>
      <ErrorSummary message={error instanceof Error ? error.message : undefined} fieldErrors={fieldErrors} />
      {children}
      <button type="submit" className="button-primary" aria-disabled={pending || undefined}>
        {submit}
      </button>
    </form>
  );
}

/** The complaint page (/app/complaints/:id): clocks, customer and advisor, thread, timeline, actions. */
export function ComplaintPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('complaints');
  const query = useQuery({ queryKey: ['complaint', id], queryFn: () => getComplaint(id) });
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  return (
    <Page title={t('bo.pageTitle', { reference: c.reference })}>
      <p>
        <Link to="/complaints">{t('bo.backToQueue')}</Link>
      </p>
      <Overview c={c} />
      <TriageSuggestion c={c} />
      <Actions c={c} />
      <AttachmentsPanel c={c} />
      <Thread c={c} />
      <Timeline c={c} />
    </Page>
  );
}

function Overview({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const row = (label: string, value: ReactNode) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <>
      <section className="panel" aria-labelledby="overview-title">
        <h2 id="overview-title">{t('bo.overview')}</h2>
        <dl className="details">
          {row(t('bo.status'), t(`statuses.${c.status}`))}
          {row(t('bo.columns.level'), t(`bo.levels.${c.escalationLevel}`))}
          {row(t('bo.columns.category'), t(`categories.${c.category}`))}
          {row(t('bo.channel'), t(`channels.${c.channel}`))}
          {row(t('bo.severity'), c.severity ? t(`severities.${c.severity}`) : t('bo.notAssessed'))}
          {row(t('bo.urgency'), t(`urgencies.${c.urgency}`))}
          {row(t('bo.sentiment'), c.sentiment ? t(`sentiments.${c.sentiment}`) : t('bo.notAssessed'))}
          {row(t('bo.vulnerabilities'), c.vulnerabilities.length ? c.vulnerabilities.map((v) => t(`vulnerabilities.${v}`)).join(', ') : t('bo.none'))}
          {c.escalationLevel >= 2
            ? row(t('bo.level2Owner'), c.level2Owner?.name ?? t('bo.noOwner'))
            : row(t('bo.columns.assignee'), c.assignee?.name ?? t('bo.unassigned'))}
          {c.decision ? row(t('bo.decision'), t(`decisions.${c.decision}`)) : null}
          {c.customerResponse ? row(t('bo.customerResponse'), t(`bo.responses.${c.customerResponse}`)) : null}
          {c.satisfaction ? row(t('bo.satisfaction'), `${c.satisfaction}/5${c.satisfactionComment ? ` — ${c.satisfactionComment}` : ''}`) : null}
        </dl>
      </section>
      <section className="panel" aria-labelledby="clocks-title">
        <h2 id="clocks-title">{t('bo.clocks')}</h2>
        <dl className="details">
          {row(t('bo.columns.ack'), <ClockText clock={c.clocks.ack} />)}
          {row(t('bo.columns.answer'), <ClockText clock={c.clocks.answer} />)}
          {row(t('bo.terms'), t('bo.termsText', { ack: c.clocks.ack.amount, answer: t(`bo.answerUnits.${c.clocks.answer.unit}`, { count: c.clocks.answer.amount }) }))}
          {c.pause ? row(t('bo.pausedSince'), `${formatDateTime(c.pause.since, currentLanguage())} — ${t(`pauseReasons.${c.pause.reason}`)}`) : null}
          {row(t('bo.mediationLimit'), `${c.mediator.name} — ${c.mediator.limitOn}`)}
        </dl>
      </section>
      <section className="panel" aria-labelledby="customer-title">
        <h2 id="customer-title">{t('bo.customer')}</h2>
        <dl className="details">
          {row(t('bo.name'), c.customer.name ?? t('bo.erased'))}
          {row(t('bo.email'), c.customer.email ?? '—')}
          {row(t('bo.phone'), c.customer.phone ?? '—')}
          {c.customer.address ? row(t('bo.address'), <span className="pre-wrap">{c.customer.address}</span>) : null}
          {row(t('bo.advisor'), c.advisor?.name ?? t('bo.unassigned'))}
        </dl>
        {c.customer.email === null && c.customer.name !== null ? <p className="alert alert-info">{t('bo.noEmail')}</p> : null}
        <h3>{t('bo.description')}</h3>
        <p className="pre-wrap">{c.description ?? t('bo.erased')}</p>
        {c.remedySought ? (
          <>
            <h3>{t('bo.remedySought')}</h3>
            <p className="pre-wrap">{c.remedySought}</p>
          </>
        ) : null}
        {c.decisionReasons ? (
          <>
            <h3>{t('bo.decisionReasons')}</h3>
            <p className="pre-wrap">{c.decisionReasons}</p>
          </>
        ) : null}
      </section>
    </>
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
  return (
    <section className="panel" aria-labelledby="triage-title">
      <h2 id="triage-title">{t('bo.triage.title')}</h2>
      {c.triage ? (
        <>
          <p>{t('bo.triage.hint')}</p>
          <dl className="details">
            {TRIAGE_TASKS.map((task) => {
              const s = c.triage?.[task];
              if (!s) return null;
              const reasons = s.reasons.map((r) => (r.kind === 'signal' ? t(`bo.triage.signals.${r.text}`) : r.text)).join(', ');
              return (
                <Fragment key={task}>
                  <dt>{t(`bo.triage.tasks.${task}`)}</dt>
                  <dd>
                    {t('bo.triage.value', { label: suggestedLabel(t, task, s.label), confidence: percent(s.confidence) })}
                    {reasons ? <span className="hint"> — {t('bo.triage.reasons', { reasons })}</span> : null}
                  </dd>
                </Fragment>
              );
            })}
          </dl>
          {c.triage.urgency.label === 'normal' ? <p className="hint">{t('bo.triage.urgencyWarning')}</p> : null}
        </>
      ) : (
        <p>{t('bo.triage.none')}</p>
      )}
    </section>
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
  const [vulnerabilities, setVulnerabilities] = useState<Assess['vulnerabilities']>(() => c.vulnerabilities.filter((v) => isOneOf(VULNERABILITIES, v)));
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [escalationNote, setEscalationNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [assignReason, setAssignReason] = useState('');
  const [pauseReason, setPauseReason] = useState<ComplaintStepBodies['request-info']['reason']>('missing_document');
  const [pauseMessage, setPauseMessage] = useState('');
  const advisors = useQuery({ queryKey: ['advisors'], queryFn: findAdvisors, enabled: c.abilities.assign === true && me.permissions.includes('advisor:read') });
  const a = c.abilities;

  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t('bo.actions')}</h2>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      {c.manualAck?.doneAt ? (
        <p className="panel">{t('bo.manualAck.done', { date: formatDateTime(c.manualAck.doneAt, currentLanguage()), channel: t(`bo.manualAck.channels.${c.manualAck.sentBy ?? 'post'}`) })}</p>
      ) : null}
      {a.acknowledge && c.manualAck ? (
        <ActionForm id="ack" title={t('bo.manualAck.title')} submit={t('bo.manualAck.submit')} pending={pending} error={errorFor('acknowledge')} onSubmit={() => run({ step: 'acknowledge', body: { sentBy: ackSentBy, ...(ackMessage.trim() ? { message: ackMessage.trim() } : {}) } })}>
          <p>{t('bo.manualAck.hint')}</p>
          <Select id="ack-sent-by" label={t('bo.manualAck.sentBy')} value={ackSentBy} onChange={setAckSentBy} options={MANUAL_ACK_CHANNELS} labelOf={(v) => t(`bo.manualAck.channels.${v}`)} />
          <TextArea id="ack-message" label={t('bo.ackMessage')} value={ackMessage} onChange={setAckMessage} />
        </ActionForm>
      ) : null}
      {a.acknowledge && !c.manualAck ? (
        <ActionForm id="ack" title={t('bo.acknowledge')} submit={t('bo.acknowledgeSubmit')} pending={pending} error={errorFor('acknowledge')} onSubmit={() => run({ step: 'acknowledge', body: ackMessage.trim() ? { message: ackMessage.trim() } : {} })}>
          <TextArea id="ack-message" label={t('bo.ackMessage')} value={ackMessage} onChange={setAckMessage} />
        </ActionForm>
      ) : null}
      {a.assess ? (
        <ActionForm id="assess" title={t('bo.assess')} submit={t('bo.assessSubmit')} pending={pending} error={errorFor('assess')} onSubmit={() => run({ step: 'assess', body: { category, severity, urgency, sentiment, vulnerabilities } })}>
          {c.triage ? <p className="hint">{t('bo.triage.prefilled')}</p> : null}
          <Select id="assess-category" label={t('bo.columns.category')} value={category} onChange={setCategory} options={COMPLAINT_CATEGORIES} labelOf={(v) => t(`categories.${v}`)} />
          <Select id="assess-severity" label={t('bo.severity')} value={severity} onChange={setSeverity} options={SEVERITIES} labelOf={(v) => t(`severities.${v}`)} />
          <Select id="assess-urgency" label={t('bo.urgency')} value={urgency} onChange={setUrgency} options={URGENCIES} labelOf={(v) => t(`urgencies.${v}`)} />
          <Select id="assess-sentiment" label={t('bo.sentiment')} value={sentiment} onChange={setSentiment} options={SENTIMENTS} labelOf={(v) => t(`sentiments.${v}`)} />
          <fieldset className="field checkbox-group">
            <legend>{t('bo.vulnerabilities')}</legend>
            {VULNERABILITIES.map((v) => (
              <div className="checkbox" key={v}>
                <input
                  type="checkbox"
                  id={`vuln-${v}`}
                  checked={vulnerabilities.includes(v)}
                  onChange={(e) => setVulnerabilities(e.currentTarget.checked ? [...vulnerabilities, v] : vulnerabilities.filter((x) => x !== v))}
                />
                <label htmlFor={`vuln-${v}`}>{t(`vulnerabilities.${v}`)}</label>
              </div>
            ))}
          </fieldset>
        </ActionForm>
      ) : null}
      {a.answer ? <AnswerForm c={c} onSent={() => setDone(t('bo.done.answer'))} /> : null}
      {a.reply ? (
        <ActionForm id="reply" title={t('bo.reply')} submit={t('bo.replySubmit')} pending={pending} error={errorFor('reply')} onSubmit={() => run({ step: 'reply', body: { body: reply.trim() } })}>
          <TextArea id="reply-body" label={t('bo.replyBody')} value={reply} onChange={setReply} />
        </ActionForm>
      ) : null}
      {a.request_info ? (
        <ActionForm id="request-info" title={t('bo.requestInfo')} submit={t('bo.requestInfoSubmit')} pending={pending} error={errorFor('request-info')} onSubmit={() => run({ step: 'request-info', body: { reason: pauseReason, message: pauseMessage.trim() } })}>
          <p className="hint">{t('bo.requestInfoHint')}</p>
          <Select id="request-info-reason" label={t('bo.pauseReason')} value={pauseReason} onChange={setPauseReason} options={PAUSE_REASONS} labelOf={(v) => t(`pauseReasons.${v}`)} />
          <TextArea id="request-info-message" label={t('bo.requestInfoMessage')} value={pauseMessage} onChange={setPauseMessage} />
        </ActionForm>
      ) : null}
      {a.resume ? <ActionForm id="resume" title={t('bo.resume')} submit={t('bo.resumeSubmit')} pending={pending} error={errorFor('resume')} onSubmit={() => run({ step: 'resume', body: {} })} /> : null}
      {a.note ? (
        <ActionForm id="note" title={t('bo.note')} submit={t('bo.noteSubmit')} pending={pending} error={errorFor('note')} onSubmit={() => run({ step: 'note', body: { body: note.trim() } })}>
          <TextArea id="note-body" label={t('bo.noteBody')} value={note} onChange={setNote} />
        </ActionForm>
      ) : null}
      {a.escalate ? (
        <ActionForm id="escalate" title={t('bo.escalate')} submit={t(`bo.escalateTo.${Math.min(3, c.escalationLevel + 1)}`)} pending={pending} error={errorFor('escalate')} onSubmit={() => run({ step: 'escalate', body: escalationNote.trim() ? { note: escalationNote.trim() } : {} })}>
          <TextArea id="escalate-note" label={t('bo.escalateNote')} value={escalationNote} onChange={setEscalationNote} />
        </ActionForm>
      ) : null}
      {a.assign && advisors.data ? (
        <ActionForm id="assign" title={t('bo.assign')} submit={t('bo.assignSubmit')} pending={pending} error={errorFor('assign')} onSubmit={() => run({ step: 'assign', body: { assigneeId: assignee, reason: assignReason.trim() } })}>
          <Select id="assign-to" label={t('bo.assignTo')} value={assignee} onChange={setAssignee} options={['', ...advisors.data.filter((x) => x.active).map((x) => x.userId)]} labelOf={(v) => advisors.data.find((x) => x.userId === v)?.name ?? t('bo.choose')} />
          <TextArea id="assign-reason" label={t('bo.assignReason')} value={assignReason} onChange={setAssignReason} />
        </ActionForm>
      ) : null}
      {a.close ? (
        <ActionForm id="close" title={t('bo.close')} submit={t('bo.closeSubmit')} pending={pending} error={errorFor('close')} onSubmit={() => run({ step: 'close', body: {} })} />
      ) : null}
    </section>
  );
}

function Thread({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  return (
    <section className="panel" aria-labelledby="thread-title">
      <h2 id="thread-title">{t('bo.thread')}</h2>
      {c.messages.length === 0 ? (
        <p>{t('bo.noMessages')}</p>
      ) : (
        <ol className="thread">
          {c.messages.map((m) => (
            <li key={m.id} className={m.internal ? 'message message-internal' : `message message-${m.authorType}`}>
              <p className="muted">
                {m.internal ? <strong>{t('bo.internalNote')} · </strong> : null}
                {m.authorType === 'customer' ? t('bo.fromCustomer') : (m.authorLabel ?? t('bo.staff'))} · <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang)}</time>
              </p>
              {m.body === '' ? null : <p className="pre-wrap">{m.body ?? t('bo.erased')}</p>}
              {c.attachments.some((f) => f.messageId === m.id) ? <AttachmentList complaintId={c.id} files={c.attachments.filter((f) => f.messageId === m.id)} /> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Timeline({ c }: { c: ComplaintDetailDto }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('bo.timeline')}</h2>
      <ol className="timeline">
        {c.timeline.map((e) => (
          <li key={e.id}>
            <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, lang)}</time> — {t(`bo.events.${e.type}`, { defaultValue: e.type })}
            {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? ` (${t(`statuses.${e.fromStatus}`)} → ${t(`statuses.${e.toStatus}`)})` : ''}
            {e.type === 'owner_assigned' && c.level2Owner && c.level2Owner.id === e.detail.ownerId ? ` — ${c.level2Owner.name}` : ''}
            {e.type === 'escalated' ? ` (${t(`bo.levels.${String(e.detail.to)}`)})` : ''}
            {e.type === 'paused' ? ` (${t(`pauseReasons.${String(e.detail.reason)}`)})` : ''}
            {e.type === 'resumed' ? ` (${t('bo.resumedDetail', { businessDays: Number(e.detail.businessDays), calendarDays: Number(e.detail.calendarDays), answerDueOn: String(e.detail.answerDueOn) })})` : ''}
            {e.type === 'attached' ? ` (${t('bo.files.count', { count: Number(e.detail.count) })})` : ''} · {e.actorType === 'subject' ? t('bo.fromCustomer') : (e.actorLabel ?? t(`bo.actors.${e.actorType}`, { defaultValue: e.actorType }))}
          </li>
        ))}
      </ol>
    </section>
  );
}
