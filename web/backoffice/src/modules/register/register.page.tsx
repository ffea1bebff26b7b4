import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { CheckboxGroup, ErrorSummary, issuesByField, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import {
  createActivity,
  getRegister,
  prefillRegister,
  REGISTER_CSV_URL,
  REGISTER_PRINT_URL,
  registerKeys,
  updateActivity,
  updateController,
  type ActivityDto,
  type ActivityInput,
  type ControllerDto,
  type ControllerInput,
} from './api.ts';
import { Select, TextArea } from './fields.tsx';
import { DATA_CATEGORIES, SUBJECT_CATEGORIES as SUBJECTS } from '../../../../../src/core/register/register.taxonomy.ts';
import { allOf } from '../../union.ts';
import { dataCategoryKey } from './labels.ts';

const LEGAL_BASES = allOf<NonNullable<ActivityInput['legalBasis']>>()(['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests']);
/** Multi-line texts keep their line breaks. */
const PRE_LINE = { whiteSpace: 'pre-line' } as const;
const TEXT_FIELDS = ['purposes', 'recipients', 'transfers', 'safeguards', 'erasureLimits', 'securityMeasures'] as const satisfies readonly (keyof ActivityInput)[];
const CONTROLLER_FIELDS = allOf<keyof ControllerInput>()(['controllerName', 'controllerContact', 'jointControllers', 'representative', 'dpoName', 'dpoContact']);

/** The records of processing (/app/register): view, edit (register:manage), CSV and printable page. */
export function RegisterPage() {
  const { t } = useTranslation('register');
  const query = useQuery({ queryKey: registerKeys.register, queryFn: getRegister });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const manage = query.data?.abilities.manage ?? false;
  const active = query.data?.activities.filter((a) => a.status === 'active') ?? [];
  const archived = query.data?.activities.filter((a) => a.status === 'archived') ?? [];
  return (
    <Page title={t('bo.register.title')}>
      <p>{t('bo.register.intro')}</p>
      <p className="row-actions">
        <a href={REGISTER_CSV_URL} download>
          {t('bo.register.downloadCsv')}
        </a>
        <a href={REGISTER_PRINT_URL} target="_blank" rel="noopener">
          {t('bo.register.print')}
        </a>
      </p>
      {manage ? <PrefillButton /> : null}
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <ControllerSection controller={query.data.controller} manage={manage} />
          <section aria-labelledby="activities-title">
            <h2 id="activities-title">{t('bo.register.activitiesTitle')}</h2>
            {active.length === 0 ? <p>{t('bo.register.none')}</p> : active.map((a) => <ActivityCard key={a.id} activity={a} manage={manage} />)}
          </section>
          {archived.length > 0 ? (
            <section aria-labelledby="archived-title">
              <h2 id="archived-title">{t('bo.register.archivedTitle')}</h2>
              {archived.map((a) => (
                <ActivityCard key={a.id} activity={a} manage={manage} />
              ))}
            </section>
          ) : null}
          {manage ? <NewActivityForm /> : null}
        </>
      )}
    </Page>
  );
}

function PrefillButton() {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const prefill = useMutation({
    mutationFn: prefillRegister,
    onSuccess: (items) => {
      setDone(t('bo.register.prefilled', { count: items.length }));
      void queryClient.invalidateQueries({ queryKey: registerKeys.register });
    },
  });
  return (
    <div className="panel">
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      <ErrorSummary message={prefill.error?.message} />
      <button type="button" className="button-secondary" aria-disabled={prefill.isPending || undefined} onClick={() => !prefill.isPending && prefill.mutate()}>
        {t('bo.register.prefill')}
      </button>
    </div>
  );
}

function ControllerSection({ controller, manage }: { controller: ControllerDto; manage: boolean }) {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ControllerInput>(() => Object.fromEntries(CONTROLLER_FIELDS.map((f) => [f, controller[f]])) as ControllerInput);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => updateController(form),
    onSuccess: () => {
      setEditing(false);
      setDone(t('bo.register.saved'));
      void queryClient.invalidateQueries({ queryKey: registerKeys.register });
    },
  });
  const issues = isApiError(save.error) ? issuesByField(save.error.issues) : {};
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <section aria-labelledby="controller-title" className="panel">
      <h2 id="controller-title">{t('bo.register.controllerTitle')}</h2>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      {editing ? (
        <form className="form" onSubmit={onSubmit} noValidate>
          <ErrorSummary message={save.error?.message} fieldErrors={issues} fields={Object.fromEntries(CONTROLLER_FIELDS.map((f) => [f, { id: `controller-${f}`, label: t(`field.${f}`) }]))} />
          {CONTROLLER_FIELDS.map((f) => (
            <TextArea key={f} id={`controller-${f}`} label={t(`field.${f}`)} value={form[f]} required={f === 'controllerName' || f === 'controllerContact'} onChange={(v) => setForm({ ...form, [f]: v })} error={issues[f]} />
          ))}
          <div className="form-actions">
            <button type="submit" className="button-primary" aria-disabled={save.isPending || undefined}>
              {t('bo.register.save')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setEditing(false)}>
              {t('bo.register.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl className="details-list">
            {CONTROLLER_FIELDS.map((f) => (
              <Fragment key={f}>
                <dt>{t(`field.${f}`)}</dt>
                <dd style={PRE_LINE}>{controller[f] || '—'}</dd>
              </Fragment>
            ))}
          </dl>
          {manage ? (
            <button type="button" className="button-secondary" onClick={() => (setDone(null), setEditing(true))}>
              {t('bo.register.edit', { name: t('bo.register.controllerTitle') })}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function ActivityCard({ activity, manage }: { activity: ActivityDto; manage: boolean }) {
  const { t } = useTranslation('register');
  const lang = currentLanguage();
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const titleId = `activity-${activity.id}`;
  return (
    <section aria-labelledby={titleId} className="panel">
      <h3 id={titleId}>{activity.name}</h3>
      <p className="muted">
        {t(`bo.register.origin.${activity.origin}`)} · {t(`bo.register.status.${activity.status}`)} · {formatDateTime(activity.updatedAt, lang)}
      </p>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      {editing ? (
        <ActivityForm
          activity={activity}
          onDone={(saved) => {
            setEditing(false);
            if (saved) setDone(t('bo.register.saved'));
          }}
        />
      ) : (
        <>
          <dl className="details-list">
            <dt>{t('field.purposes')}</dt>
            <dd style={PRE_LINE}>{activity.purposes}</dd>
            <dt>{t('field.legalBasis')}</dt>
            <dd>{activity.legalBasis ? t(`legalBasis.${activity.legalBasis}`) : t('bo.register.noLegalBasis')}</dd>
            {activity.dataUse ? (
              <>
                <dt>{t('field.dataUse')}</dt>
                <dd>
                  <code>{activity.dataUse}</code>
                </dd>
              </>
            ) : null}
            <dt>{t('field.subjectCategories')}</dt>
            <dd>{activity.subjectCategories.map((s) => t(`subject.${s}`)).join(', ') || '—'}</dd>
            <dt>{t('field.dataCategories')}</dt>
            <dd>{activity.dataCategories.map((c) => t(dataCategoryKey(c))).join(', ') || '—'}</dd>
            {(['recipients', 'transfers', 'safeguards', 'erasureLimits', 'securityMeasures'] as const).map((f) => (
              <Fragment key={f}>
                <dt>{t(`field.${f}`)}</dt>
                <dd style={PRE_LINE}>{activity[f] || '—'}</dd>
              </Fragment>
            ))}
          </dl>
          {manage ? (
            <button type="button" className="button-secondary" onClick={() => (setDone(null), setEditing(true))}>
              {t('bo.register.edit', { name: activity.name })}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function ActivityForm({ activity, onDone }: { activity: ActivityDto; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ActivityInput>({
    name: activity.name,
    purposes: activity.purposes,
    legalBasis: activity.legalBasis,
    dataUse: activity.dataUse,
    subjectCategories: activity.subjectCategories,
    dataCategories: activity.dataCategories,
    recipients: activity.recipients,
    transfers: activity.transfers,
    safeguards: activity.safeguards,
    erasureLimits: activity.erasureLimits,
    securityMeasures: activity.securityMeasures,
    status: activity.status,
  });
  const save = useMutation({
    mutationFn: () => updateActivity(activity.id, { ...form, dataUse: form.dataUse?.trim() ? form.dataUse.trim() : null }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: registerKeys.register });
      onDone(true);
    },
  });
  const issues = isApiError(save.error) ? issuesByField(save.error.issues) : {};
  const id = (f: string) => `edit-${activity.id}-${f}`;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary message={save.error?.message} fieldErrors={issues} fields={Object.fromEntries(['name', ...TEXT_FIELDS, 'dataUse', 'subjectCategories', 'dataCategories'].map((f) => [f, { id: id(f), label: t(`field.${f}`) }]))} />
      <TextField id={id('name')} label={t('field.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={issues.name} />
      <Select id={id('legalBasis')} label={t('field.legalBasis')} value={form.legalBasis ?? ''} onChange={(v) => setForm({ ...form, legalBasis: LEGAL_BASES.find((b) => b === v) ?? null })} error={issues.legalBasis}>
        <option value="">{t('bo.register.noLegalBasis')}</option>
        {LEGAL_BASES.map((b) => (
          <option key={b} value={b}>
            {t(`legalBasis.${b}`)}
          </option>
        ))}
      </Select>
      <TextField id={id('dataUse')} label={t('field.dataUse')} value={form.dataUse ?? ''} onChange={(e) => setForm({ ...form, dataUse: e.currentTarget.value })} error={issues.dataUse} />
      {TEXT_FIELDS.map((f) => (
        <TextArea key={f} id={id(f)} label={t(`field.${f}`)} required={f === 'purposes'} value={form[f]} onChange={(v) => setForm({ ...form, [f]: v })} error={issues[f]} />
      ))}
      <CheckboxGroup id={id('subjectCategories')} legend={t('field.subjectCategories')} options={SUBJECTS.map((s) => ({ value: s, label: t(`subject.${s}`) }))} selected={form.subjectCategories} onChange={(v) => setForm({ ...form, subjectCategories: v })} error={issues.subjectCategories} />
      <CheckboxGroup id={id('dataCategories')} legend={t('field.dataCategories')} options={DATA_CATEGORIES.map((c) => ({ value: c, label: t(dataCategoryKey(c)) }))} selected={form.dataCategories} onChange={(v) => setForm({ ...form, dataCategories: v })} error={issues.dataCategories} />
      <Select id={id('status')} label={t('field.status')} value={form.status} onChange={(v) => setForm({ ...form, status: v === 'archived' ? 'archived' : 'active' })}>
        <option value="active">{t('bo.register.status.active')}</option>
        <option value="archived">{t('bo.register.status.archived')}</option>
      </Select>
      <div className="form-actions">
        <button type="submit" className="button-primary" aria-disabled={save.isPending || undefined}>
          {t('bo.register.save')}
        </button>
        <button type="button" className="button-secondary" onClick={() => onDone(false)}>
          {t('bo.register.cancel')}
        </button>
      </div>
    </form>
  );
}

function NewActivityForm() {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: '', purposes: '' });
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => createActivity({ name: form.name.trim(), purposes: form.purposes.trim() }),
    onSuccess: (a) => {
      setForm({ name: '', purposes: '' });
      setDone(t('bo.register.created', { name: a.name }));
      void queryClient.invalidateQueries({ queryKey: registerKeys.register });
    },
  });
  const issues = isApiError(create.error) ? issuesByField(create.error.issues) : {};
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  return (
    <section aria-labelledby="new-activity-title" className="panel">
      <h2 id="new-activity-title">{t('bo.register.newTitle')}</h2>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      <form className="form" onSubmit={onSubmit} noValidate>
        <ErrorSummary message={create.error?.message} fieldErrors={issues} fields={{ name: { id: 'new-activity-name', label: t('field.name') }, purposes: { id: 'new-activity-purposes', label: t('field.purposes') } }} />
        <TextField id="new-activity-name" label={t('field.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={issues.name} />
        <TextArea id="new-activity-purposes" label={t('field.purposes')} required value={form.purposes} onChange={(v) => setForm({ ...form, purposes: v })} error={issues.purposes} />
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={create.isPending || undefined}>
            {t('bo.register.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
