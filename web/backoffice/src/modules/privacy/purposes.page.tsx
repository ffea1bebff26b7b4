import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { CheckboxGroup, ErrorSummary, issuesByField, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import type { CreatePurposeBody } from '../../../../../src/api/contract.ts';
import { allOf } from '../../union.ts';
import { createPurpose, findPurposes, privacyKeys } from './api.ts';

type Channel = CreatePurposeBody['channels'][number];
const LEGAL_BASES = allOf<CreatePurposeBody['legalBasis']>()([
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
]);
const CHANNELS = allOf<Channel>()(['email', 'sms', 'phone', 'post']);

/** Purposes and every version of their notices (/app/privacy/purposes); DPOs create purposes. */
export function PurposesPage() {
  const { t } = useTranslation('privacy');
  const me = useMe();
  const lang = currentLanguage();
  const purposes = useQuery({ queryKey: privacyKeys.purposes, queryFn: findPurposes });
  if (isApiError(purposes.error, 403)) return <ForbiddenPage message={purposes.error.message} />;
  return (
    <Page title={t('bo.purposes.title')}>
      <p>{t('bo.purposes.intro')}</p>
      <p>
        <Link to="/privacy/consents/transfer">{t('bo.link', { ns: 'consent' })}</Link>
      </p>
      {purposes.isPending ? (
        <Loading />
      ) : purposes.isError ? (
        <LoadError error={purposes.error} onRetry={() => void purposes.refetch()} />
      ) : purposes.data.length === 0 ? (
        <p>{t('bo.purposes.none')}</p>
      ) : (
        purposes.data.map((p) => (
          <section key={p.id} aria-labelledby={`purpose-${p.id}`} className="panel">
            <h2 id={`purpose-${p.id}`}>
              <code>{p.key}</code>
            </h2>
            <dl className="details-list">
              <dt>{t('bo.purposes.legalBasis')}</dt>
              <dd>{t(`legalBasis.${p.legalBasis}`, { ns: 'register' })}</dd>
              <dt>{t('bo.purposes.dataUse')}</dt>
              <dd>
                <code>{p.dataUse}</code>
              </dd>
              <dt>{t('bo.purposes.channels')}</dt>
              <dd>{p.channels.map((c) => t(`channel.${c}`)).join(', ')}</dd>
              <dt>{t('bo.purposes.gpc')}</dt>
              <dd>{p.gpcApplies ? t('bo.yes') : t('bo.no')}</dd>
            </dl>
            <div className="table-wrapper">
              <table>
                <caption>{t('bo.purposes.versionsCaption', { key: p.key })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('bo.purposes.version')}</th>
                    <th scope="col">{t('bo.purposes.noticeTitle')}</th>
                    <th scope="col">{t('bo.purposes.published')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.notices.map((n) => (
                    <tr key={n.version}>
                      <th scope="row">v{n.version}</th>
                      <td>{lang === 'en' ? n.titleEn : n.titleFr}</td>
                      <td>{formatDateTime(n.createdAt, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
      {me.permissions.includes('purpose:manage') ? <CreatePurposeForm /> : null}
    </Page>
  );
}

function CreatePurposeForm() {
  const { t } = useTranslation('privacy');
  const queryClient = useQueryClient();
  const empty = {
    key: '',
    legalBasis: 'consent' as CreatePurposeBody['legalBasis'],
    dataUse: 'marketing.communications.email',
    titleFr: '',
    titleEn: '',
    textFr: '',
    textEn: '',
  };
  const [form, setForm] = useState(empty);
  const [channels, setChannels] = useState<Channel[]>(['email']);
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      createPurpose({
        key: form.key.trim(),
        legalBasis: form.legalBasis,
        dataUse: form.dataUse.trim(),
        channels,
        notice: { titleFr: form.titleFr, titleEn: form.titleEn, textFr: form.textFr, textEn: form.textEn },
      }),
    onSuccess: (p) => {
      setForm(empty);
      setDone(t('bo.purposes.created', { key: p.key }));
      void queryClient.invalidateQueries({ queryKey: privacyKeys.purposes });
      void queryClient.invalidateQueries({ queryKey: privacyKeys.rates });
    },
  });
  const issues = isApiError(create.error) ? issuesByField(create.error.issues) : {};
  const field = (name: keyof typeof empty, label: string, hint?: string) => (
    <TextField
      id={`purpose-${name}`}
      label={label}
      {...(hint ? { hint } : {})}
      required
      value={form[name]}
      onChange={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
      error={issues[name] ?? issues.notice}
    />
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  return (
    <section aria-labelledby="create-purpose-title" className="panel">
      <h2 id="create-purpose-title">{t('bo.purposes.createTitle')}</h2>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      <form className="form" onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={create.error?.message}
          fieldErrors={issues}
          fields={{ key: { id: 'purpose-key', label: t('bo.purposes.key') } }}
        />
        {field('key', t('bo.purposes.key'), t('bo.purposes.keyHint'))}
        <div className="field">
          <label htmlFor="purpose-legalBasis">{t('bo.purposes.legalBasis')}</label>
          <select
            id="purpose-legalBasis"
            value={form.legalBasis}
            onChange={(e) => setForm({ ...form, legalBasis: LEGAL_BASES.find((b) => b === e.currentTarget.value) ?? form.legalBasis })}
          >
            {LEGAL_BASES.map((b) => (
              <option key={b} value={b}>
                {t(`legalBasis.${b}`)}
              </option>
            ))}
          </select>
        </div>
        {field('dataUse', t('bo.purposes.dataUse'), t('bo.purposes.dataUseHint'))}
        <CheckboxGroup
          id="purpose-channels"
          legend={t('bo.purposes.channels')}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          selected={channels}
          onChange={setChannels}
          error={issues.channels}
        />
        {field('titleFr', t('bo.purposes.titleFr'))}
        {field('textFr', t('bo.purposes.textFr'))}
        {field('titleEn', t('bo.purposes.titleEn'))}
        {field('textEn', t('bo.purposes.textEn'))}
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={create.isPending || undefined}>
            {t('bo.purposes.createSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
