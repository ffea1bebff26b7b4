import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { ErrorSummary, TextField, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import {
  AUTHORITY_CHANNELS,
  SUBJECT_EXEMPTIONS,
  addSupplement,
  breachKeys,
  closeBreach,
  exemptSubjects,
  getBreach,
  notifyAuthority,
  notifySubjects,
  reportUrl,
  updateBreach,
  waiveAuthority,
  type BreachDto,
  type ExemptSubjectsBody,
  type NotifyAuthorityBody,
  type SubjectMessage,
} from './api.ts';
import { BreachForm } from './breach-form.tsx';
import { AuthorityClock, useNow } from './clock.tsx';
import { RadioGroup, SelectField, TextAreaField, fromLocalInput, toLocalInput } from './fields.tsx';

/** One breach (/app/breaches/:id): the file, the 72-hour clock, notifications, supplements, timeline. */
export function BreachPage() {
  const { t } = useTranslation('breaches');
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: breachKeys.one(id), queryFn: () => getBreach(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404) || isApiError(query.error, 400)) return <NotFoundPage />;
  return (
    <Page title={query.data ? t('bo.detail.title', { reference: query.data.reference, title: query.data.title }) : t('bo.detail.loadingTitle')}>
      <p>
        <Link to="/breaches">{t('bo.back')}</Link>
      </p>
      {query.isPending ? <Loading /> : query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : <BreachDetail breach={query.data} />}
    </Page>
  );
}

/** A mutation on the file: puts the answer in the cache and says what was done. */
function useBreachAction<I>(breach: BreachDto, action: (input: I) => Promise<BreachDto>, done: (b: BreachDto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: (updated) => {
      queryClient.setQueryData(breachKeys.one(breach.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['breaches', 'list'] });
      done(updated);
    },
  });
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation('breaches');
  return (
    <>
      <dt>{label}</dt>
      <dd>{children === null || children === '' || children === undefined ? <span className="muted">{t('report.unknown')}</span> : children}</dd>
    </>
  );
}

function Text({ value }: { value: string | null }) {
  return value ? <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span> : null;
}

function BreachDetail({ breach }: { breach: BreachDto }) {
  const { t } = useTranslation('breaches');
  const lang = currentLanguage();
  const now = useNow();
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const at = (iso: string | null) => (iso ? formatDateTime(iso, lang) : null);
  const say = (key: string, params?: Record<string, number>) => () => setDone(t(key, params));
  const edit = useBreachAction(breach, (input: Parameters<typeof updateBreach>[1]) => updateBreach(breach.id, input), () => {
    setEditing(false);
    setDone(t('bo.done.updated'));
  });
  const close = useBreachAction(breach, () => closeBreach(breach.id), say('bo.done.closed'));
  const showSubjects = breach.risk === 'high_risk' || breach.subjectsDecision !== 'not_required';
  return (
    <>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      <section aria-labelledby="summary-title" className="panel panel-highlight">
        <h2 id="summary-title">{t('bo.detail.summary')}</h2>
        <dl className="details-list">
          <Fact label={t('fields.status')}>{t(`status.${breach.status}`)}</Fact>
          <Fact label={t('bo.list.clock')}>
            <AuthorityClock breach={breach} now={now} />
          </Fact>
          <Fact label={t('fields.risk')}>{t(`risk.${breach.risk}`)}</Fact>
          <Fact label={t('fields.subjectsDecision')}>{t(`subjectsDecision.${breach.subjectsDecision}`)}</Fact>
        </dl>
        {breach.missing.length > 0 && breach.status !== 'closed' ? (
          <div className="alert alert-warning">
            <p>{t('bo.detail.missing', { count: breach.missing.length })}</p>
            <ul>
              {breach.missing.map((key) => (
                <li key={key}>{t(`fields.${key}`)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <p>
          <a href={reportUrl(breach.id)}>{t('bo.detail.report')}</a>
        </p>
      </section>

      <section aria-labelledby="facts-title" className="panel">
        <h2 id="facts-title">{t('bo.detail.facts')}</h2>
        {editing ? (
          <BreachForm
            breach={breach}
            lockAwareness={!breach.abilities.editAwareness}
            submitLabel={t('bo.detail.save')}
            pending={edit.isPending}
            error={edit.error}
            onSubmit={(input) => edit.mutate(breach.abilities.editAwareness ? input : { ...input, awareAt: breach.awareAt })}
          />
        ) : (
          <dl className="details-list">
            <Fact label={t('fields.reference')}>{breach.reference}</Fact>
            <Fact label={t('fields.awareAt')}>{at(breach.awareAt)}</Fact>
            <Fact label={t('fields.occurredAt')}>{at(breach.occurredAt)}</Fact>
            <Fact label={t('fields.discoverySource')}>{breach.discoverySource ? t(`source.${breach.discoverySource}`) : null}</Fact>
            <Fact label={t('fields.description')}>
              <Text value={breach.description} />
            </Fact>
            <Fact label={t('fields.breachTypes')}>{breach.breachTypes.map((x) => t(`type.${x}`)).join(', ')}</Fact>
            <Fact label={t('fields.dataCategories')}>
              <Text value={breach.dataCategories} />
            </Fact>
            <Fact label={t('fields.subjectCategories')}>
              <Text value={breach.subjectCategories} />
            </Fact>
            <Fact label={t('fields.approxSubjects')}>{breach.approxSubjects}</Fact>
            <Fact label={t('fields.approxRecords')}>{breach.approxRecords}</Fact>
            <Fact label={t('fields.dpoContact')}>{breach.dpoContact}</Fact>
            <Fact label={t('fields.consequences')}>
              <Text value={breach.consequences} />
            </Fact>
            <Fact label={t('fields.measures')}>
              <Text value={breach.measures} />
            </Fact>
            <Fact label={t('fields.riskReasons')}>
              <Text value={breach.riskReasons} />
            </Fact>
          </dl>
        )}
        {breach.abilities.edit ? (
          <p>
            <button type="button" className="button-secondary" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
              {editing ? t('bo.detail.cancelEdit') : t('bo.detail.edit')}
            </button>
          </p>
        ) : null}
      </section>

      <AuthoritySection breach={breach} onDone={setDone} />
      {showSubjects ? <SubjectsSection breach={breach} onDone={setDone} /> : null}

      {breach.abilities.close ? (
        <section aria-labelledby="close-title" className="panel">
          <h2 id="close-title">{t('bo.close.title')}</h2>
          <p>{t('bo.close.intro')}</p>
          <ErrorSummary message={close.error?.message} fieldErrors={isApiError(close.error) ? issuesByField(close.error.issues) : {}} />
          <button type="button" className="button-primary" aria-disabled={close.isPending || undefined} onClick={() => !close.isPending && close.mutate(undefined)}>
            {t('bo.close.submit')}
          </button>
        </section>
      ) : null}

      <section aria-labelledby="timeline-title" className="panel">
        <h2 id="timeline-title">{t('report.timeline')}</h2>
        <ol>
          {breach.timeline.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time> — {t(`event.${e.type.replace('breach.', '')}`)}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** GDPR Art. 33: the notification to the CNIL, or the reasoned decision not to notify; then supplements. */
function AuthoritySection({ breach, onDone }: { breach: BreachDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('breaches');
  const lang = currentLanguage();
  const [mode, setMode] = useState<'notify' | 'waive'>('notify');
  const [notice, setNotice] = useState<Required<NotifyAuthorityBody>>({ notifiedAt: toLocalInput(new Date().toISOString()), reference: '', channel: 'cnil_online', delayReasons: '' });
  const [reason, setReason] = useState('');
  const [supplement, setSupplement] = useState({ providedAt: toLocalInput(new Date().toISOString()), content: '' });
  const notify = useBreachAction(breach, () => notifyAuthority(breach.id, { ...notice, notifiedAt: fromLocalInput(notice.notifiedAt), ...(notice.delayReasons.trim() ? { delayReasons: notice.delayReasons } : { delayReasons: undefined }) }), () =>
    onDone(t('bo.done.notified')),
  );
  const waive = useBreachAction(breach, () => waiveAuthority(breach.id, reason), () => onDone(t('bo.done.waived')));
  const supplementAction = useBreachAction(breach, () => addSupplement(breach.id, { providedAt: fromLocalInput(supplement.providedAt), content: supplement.content }), () => {
    setSupplement((s) => ({ ...s, content: '' }));
    onDone(t('bo.done.supplemented'));
  });
  const late = Boolean(notice.notifiedAt) && new Date(notice.notifiedAt).getTime() > new Date(breach.authorityClock.dueAt).getTime();
  const active = mode === 'notify' ? notify : waive;
  const errors = isApiError(active.error) ? issuesByField(active.error.issues) : {};
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!active.isPending) active.mutate(undefined);
  };
  const supplementErrors = isApiError(supplementAction.error) ? issuesByField(supplementAction.error.issues) : {};
  return (
    <section aria-labelledby="authority-title" className="panel">
      <h2 id="authority-title">{t('report.authority')}</h2>
      <dl className="details-list">
        <Fact label={t('fields.authorityDueAt')}>{formatDateTime(breach.authorityClock.dueAt, lang)}</Fact>
        {breach.authority.notifiedAt ? (
          <>
            <Fact label={t('fields.notifiedAt')}>{formatDateTime(breach.authority.notifiedAt, lang)}</Fact>
            <Fact label={t('fields.authorityReference')}>{breach.authority.reference}</Fact>
            <Fact label={t('fields.channel')}>{breach.authority.channel ? t(`channel.${breach.authority.channel}`) : null}</Fact>
            <Fact label={t('report.onTime')}>{breach.authority.late ? <strong>{t('report.lateYes')}</strong> : t('report.lateNo')}</Fact>
            {breach.authority.late ? (
              <Fact label={t('fields.delayReasons')}>
                <Text value={breach.authority.delayReasons} />
              </Fact>
            ) : null}
          </>
        ) : null}
        {breach.authority.waivedAt ? (
          <>
            <Fact label={t('report.decision')}>{t('authorityDecision.not_notified')}</Fact>
            <Fact label={t('fields.waiverReason')}>
              <Text value={breach.authority.waiverReason} />
            </Fact>
          </>
        ) : null}
      </dl>
      {breach.abilities.notifyAuthority ? (
        <form className="form" onSubmit={submit} noValidate aria-labelledby="authority-form-title">
          <h3 id="authority-form-title">{t('bo.authority.formTitle')}</h3>
          <ErrorSummary message={active.error?.message} fieldErrors={errors} />
          <RadioGroup
            id="authority-mode"
            legend={t('bo.authority.modeLegend')}
            options={[
              { value: 'notify', label: t('bo.authority.notify') },
              ...(breach.abilities.waiveAuthority ? [{ value: 'waive', label: t('bo.authority.waive') }] : []),
            ]}
            value={mode}
            onChange={(v) => setMode(v === 'waive' ? 'waive' : 'notify')}
            {...(breach.abilities.waiveAuthority ? {} : { hint: t('bo.authority.waiveUnavailable') })}
          />
          {mode === 'notify' ? (
            <>
              <TextField id="authority-notifiedAt" type="datetime-local" label={t('fields.notifiedAt')} required value={notice.notifiedAt} onChange={(e) => setNotice({ ...notice, notifiedAt: e.currentTarget.value })} error={errors.notifiedAt} />
              <TextField id="authority-reference" label={t('fields.authorityReference')} required value={notice.reference} onChange={(e) => setNotice({ ...notice, reference: e.currentTarget.value })} error={errors.reference} />
              <SelectField
                id="authority-channel"
                label={t('fields.channel')}
                required
                value={notice.channel}
                onValueChange={(channel) => setNotice({ ...notice, channel })}
                options={AUTHORITY_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
                error={errors.channel}
              />
              <TextAreaField
                id="authority-delayReasons"
                label={t('fields.delayReasons')}
                hint={late ? t('bo.authority.lateHint') : t('bo.authority.delayHint')}
                required={late}
                value={notice.delayReasons}
                onChange={(e) => setNotice({ ...notice, delayReasons: e.currentTarget.value })}
                error={errors.delayReasons}
              />
            </>
          ) : (
            <TextAreaField id="authority-waiverReason" label={t('fields.waiverReason')} hint={t('bo.authority.waiveHint')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
          )}
          <div className="form-actions">
            <button type="submit" className="button-primary" aria-disabled={active.isPending || undefined}>
              {mode === 'notify' ? t('bo.authority.submitNotify') : t('bo.authority.submitWaive')}
            </button>
          </div>
        </form>
      ) : null}
      {breach.supplements.length > 0 || breach.abilities.supplement ? (
        <>
          <h3 id="supplements-title">{t('report.supplements')}</h3>
          {breach.supplements.length === 0 ? (
            <p>{t('bo.supplements.none')}</p>
          ) : (
            <ul>
              {breach.supplements.map((s) => (
                <li key={s.id}>
                  <time dateTime={s.providedAt}>{formatDateTime(s.providedAt, lang)}</time> — <Text value={s.content} />
                </li>
              ))}
            </ul>
          )}
          {breach.abilities.supplement ? (
            <form
              className="form"
              noValidate
              aria-labelledby="supplements-title"
              onSubmit={(e) => {
                e.preventDefault();
                if (!supplementAction.isPending) supplementAction.mutate(undefined);
              }}
            >
              <ErrorSummary message={supplementAction.error?.message} fieldErrors={supplementErrors} />
              <TextField id="supplement-providedAt" type="datetime-local" label={t('fields.providedAt')} required value={supplement.providedAt} onChange={(e) => setSupplement({ ...supplement, providedAt: e.currentTarget.value })} error={supplementErrors.providedAt} />
              <TextAreaField id="supplement-content" label={t('fields.content')} required value={supplement.content} onChange={(e) => setSupplement({ ...supplement, content: e.currentTarget.value })} error={supplementErrors.content} />
              <div className="form-actions">
                <button type="submit" className="button-secondary" aria-disabled={supplementAction.isPending || undefined}>
                  {t('bo.supplements.submit')}
                </button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

const emptyMessage: SubjectMessage = { nature: '', consequences: '', measures: '' };

/** GDPR Art. 34: tell the affected customers (high risk), or record an Art. 34(3) exception. */
function SubjectsSection({ breach, onDone }: { breach: BreachDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('breaches');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [audience, setAudience] = useState<'selected' | 'all'>('selected');
  const [ids, setIds] = useState('');
  const [message, setMessage] = useState({ fr: emptyMessage, en: emptyMessage });
  const [exemption, setExemption] = useState<Required<ExemptSubjectsBody>>({ exemption: 'encrypted', reason: '', publicCommunication: '' });
  const notify = useMutation({
    mutationFn: () =>
      notifySubjects(breach.id, {
        audience: audience === 'all' ? { kind: 'all' } : { kind: 'selected', customerIds: ids.split(/[\s,;]+/).filter(Boolean) },
        message,
      }),
    onSuccess: (result) => {
      queryClient.setQueryData(breachKeys.one(breach.id), result.breach);
      void queryClient.invalidateQueries({ queryKey: ['breaches', 'list'] });
      onDone(t('bo.done.subjectsNotified', { queued: result.queued, total: result.total }));
    },
  });
  const exempt = useBreachAction(
    breach,
    () => exemptSubjects(breach.id, { exemption: exemption.exemption, reason: exemption.reason, ...(exemption.publicCommunication.trim() ? { publicCommunication: exemption.publicCommunication } : {}) }),
    () => onDone(t('bo.done.exempted')),
  );
  const notifyErrors = isApiError(notify.error) ? issuesByField(notify.error.issues) : {};
  const exemptErrors = isApiError(exempt.error) ? issuesByField(exempt.error.issues) : {};
  const messageError = notifyErrors.message;
  const messageFields = (locale: 'fr' | 'en') => (
    <fieldset>
      <legend>{t(`bo.subjects.message.${locale}`)}</legend>
      {(['nature', 'consequences', 'measures'] as const).map((key) => (
        <TextAreaField
          key={key}
          id={`subjects-${locale}-${key}`}
          lang={locale}
          label={t(`bo.subjects.message.${key}`)}
          required
          value={message[locale][key]}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setMessage((m) => ({ ...m, [locale]: { ...m[locale], [key]: value } }));
          }}
          error={messageError}
        />
      ))}
    </fieldset>
  );
  return (
    <section aria-labelledby="subjects-title" className="panel">
      <h2 id="subjects-title">{t('report.subjects')}</h2>
      <p>{t('bo.subjects.intro')}</p>
      <dl className="details-list">
        <Fact label={t('fields.subjectsDecision')}>{t(`subjectsDecision.${breach.subjectsDecision}`)}</Fact>
        {breach.subjects.notifiedAt ? (
          <>
            <Fact label={t('fields.subjectsNotifiedAt')}>{formatDateTime(breach.subjects.notifiedAt, lang)}</Fact>
            <Fact label={t('fields.subjectsNotifiedCount')}>{breach.subjects.count}</Fact>
          </>
        ) : null}
        {breach.subjects.exemption ? (
          <>
            <Fact label={t('fields.exemption')}>{t(`exemption.${breach.subjects.exemption}`)}</Fact>
            <Fact label={t('fields.exemptionReason')}>
              <Text value={breach.subjects.exemptionReason} />
            </Fact>
            {breach.subjects.publicCommunication ? (
              <Fact label={t('fields.publicCommunication')}>
                <Text value={breach.subjects.publicCommunication} />
              </Fact>
            ) : null}
          </>
        ) : null}
      </dl>
      {breach.abilities.notifySubjects ? (
        <form
          className="form"
          noValidate
          aria-labelledby="subjects-form-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (!notify.isPending) notify.mutate();
          }}
        >
          <h3 id="subjects-form-title">{t('bo.subjects.formTitle')}</h3>
          <ErrorSummary message={notify.error?.message} fieldErrors={notifyErrors} />
          <RadioGroup
            id="subjects-audience"
            legend={t('bo.subjects.audience')}
            options={[
              { value: 'selected', label: t('bo.subjects.selected') },
              { value: 'all', label: t('bo.subjects.all') },
            ]}
            value={audience}
            onChange={(v) => setAudience(v === 'all' ? 'all' : 'selected')}
            error={notifyErrors.audience}
          />
          {audience === 'selected' ? (
            <TextAreaField id="subjects-ids" label={t('bo.subjects.ids')} hint={t('bo.subjects.idsHint')} required value={ids} onChange={(e) => setIds(e.currentTarget.value)} error={notifyErrors.audience} />
          ) : null}
          {messageFields('fr')}
          {messageFields('en')}
          <p className="hint">{t('bo.subjects.dpoNote', { contact: breach.dpoContact })}</p>
          <div className="form-actions">
            <button type="submit" className="button-primary" aria-disabled={notify.isPending || undefined}>
              {t('bo.subjects.submit')}
            </button>
          </div>
        </form>
      ) : null}
      {breach.abilities.exemptSubjects ? (
        <form
          className="form"
          noValidate
          aria-labelledby="exemption-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (!exempt.isPending) exempt.mutate(undefined);
          }}
        >
          <h3 id="exemption-title">{t('bo.subjects.exemptionTitle')}</h3>
          <ErrorSummary message={exempt.error?.message} fieldErrors={exemptErrors} />
          <RadioGroup
            id="subjects-exemption"
            legend={t('fields.exemption')}
            options={SUBJECT_EXEMPTIONS.map((x) => ({ value: x, label: t(`exemption.${x}`) }))}
            value={exemption.exemption}
            onChange={(v) => setExemption({ ...exemption, exemption: v })}
            error={exemptErrors.exemption}
          />
          <TextAreaField id="exemption-reason" label={t('fields.exemptionReason')} required value={exemption.reason} onChange={(e) => setExemption({ ...exemption, reason: e.currentTarget.value })} error={exemptErrors.reason} />
          {exemption.exemption === 'disproportionate_effort' ? (
            <TextAreaField
              id="exemption-publicCommunication"
              label={t('fields.publicCommunication')}
              hint={t('bo.subjects.publicHint')}
              required
              value={exemption.publicCommunication}
              onChange={(e) => setExemption({ ...exemption, publicCommunication: e.currentTarget.value })}
              error={exemptErrors.publicCommunication}
            />
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button-secondary" aria-disabled={exempt.isPending || undefined}>
              {t('bo.subjects.exemptionSubmit')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
