import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { actOnRequest, getRequest, liftRestriction, privacyKeys, type DsrDetailDto } from './api.ts';

/** One request (/app/privacy/requests/:id): who, what, deadline, fulfil / extend / refuse, and lifting a restriction. */
export function PrivacyRequestPage() {
  const { t } = useTranslation('privacy');
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: privacyKeys.request(id), queryFn: () => getRequest(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404) || isApiError(query.error, 400)) return <NotFoundPage />;
  return (
    <Page title={query.data ? t('bo.request.title', { type: t(`dsrType.${query.data.type}`) }) : t('bo.request.loadingTitle')}>
      <p>
        <Link to="/privacy">{t('bo.request.back')}</Link>
      </p>
      {query.isPending ? <Loading /> : query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : <RequestDetail request={query.data} />}
    </Page>
  );
}

function RequestDetail({ request }: { request: DsrDetailDto }) {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<'fulfil' | 'extend' | 'refuse'>(request.abilities.fulfil ? 'fulfil' : 'refuse');
  const [text, setText] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => actOnRequest(request.id, action, text),
    onSuccess: (updated) => {
      queryClient.setQueryData(privacyKeys.request(request.id), updated);
      void queryClient.invalidateQueries({ queryKey: privacyKeys.requests });
      setText('');
      setDone(t(`bo.request.done.${action}`));
    },
  });
  const open = request.abilities.fulfil || request.abilities.refuse;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!mutation.isPending) mutation.mutate();
  };
  const textLabel = action === 'fulfil' ? t('bo.request.note') : t('bo.request.reason');
  return (
    <>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      <section aria-labelledby="facts-title" className="panel">
        <h2 id="facts-title">{t('bo.request.facts')}</h2>
        <dl className="details-list">
          <dt>{t('bo.request.subject')}</dt>
          <dd>{request.subject ? (request.subject.erased ? t('bo.request.erasedSubject') : `${request.subject.name ?? ''} <${request.subject.email ?? ''}>`) : '—'}</dd>
          <dt>{t('bo.columns.status')}</dt>
          <dd>
            {t(`dsrStatus.${request.status}`)} {request.overdue ? <span className="badge badge-denied">{t('bo.overdue')}</span> : null}
          </dd>
          <dt>{t('bo.columns.received')}</dt>
          <dd>{formatDateTime(request.receivedAt, lang)}</dd>
          <dt>{t('bo.columns.due')}</dt>
          <dd>{request.dueDate}</dd>
          <dt>{t('bo.columns.channel')}</dt>
          <dd>{t(`bo.channel.${request.channel}`)}</dd>
          <dt>{t('bo.request.identity')}</dt>
          <dd>{t(`bo.identity.${request.identityCheck}`)}</dd>
          {request.details ? (
            <>
              <dt>{t('bo.request.details')}</dt>
              <dd>{request.details}</dd>
            </>
          ) : null}
          {request.extensionReason ? (
            <>
              <dt>{t('bo.request.extensionReason')}</dt>
              <dd>{request.extensionReason}</dd>
            </>
          ) : null}
          {request.refusalReason ? (
            <>
              <dt>{t('bo.request.refusalReason')}</dt>
              <dd>{request.refusalReason}</dd>
            </>
          ) : null}
          {request.erasureOutcome ? (
            <>
              <dt>{t('bo.request.erasure')}</dt>
              <dd>
                {t('bo.request.erasedRows', { count: request.erasureOutcome.erased })}
                <ul>
                  {request.erasureOutcome.held.map((h) => (
                    <li key={`${h.table}:${h.id}`}>
                      <code>
                        {h.table} {h.id}
                      </code>{' '}
                      — {h.reason}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {request.restriction ? <RestrictionPanel request={request} restriction={request.restriction} /> : null}
      {open ? (
        <section aria-labelledby="act-title" className="panel">
          <h2 id="act-title">{t('bo.request.actTitle')}</h2>
          <form className="form" onSubmit={onSubmit} noValidate>
            <div role="alert" className={mutation.isError ? 'alert alert-error' : 'visually-empty'}>
              {mutation.isError ? mutation.error.message : null}
            </div>
            <fieldset>
              <legend>{t('bo.request.actionLegend')}</legend>
              {(['fulfil', 'extend', 'refuse'] as const)
                .filter((a) => request.abilities[a])
                .map((a) => (
                  <div className="checkbox" key={a}>
                    <input type="radio" id={`action-${a}`} name="action" value={a} checked={action === a} onChange={() => setAction(a)} />
                    <label htmlFor={`action-${a}`}>{t(`bo.request.action.${a}`)}</label>
                  </div>
                ))}
            </fieldset>
            <div className="field">
              <label htmlFor="action-text">{textLabel}</label>
              <p id="action-text-hint" className="hint">
                {t(`bo.request.hint.${action}`)}
              </p>
              <textarea id="action-text" rows={4} value={text} onChange={(e) => setText(e.currentTarget.value)} aria-describedby="action-text-hint" />
            </div>
            <div className="form-actions">
              <button type="submit" className="button-primary" aria-disabled={mutation.isPending || undefined}>
                {t(`bo.request.submit.${action}`)}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </>
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
  return (
    <section aria-labelledby="restriction-title" className="panel">
      <h2 id="restriction-title">{t('bo.restriction.title')}</h2>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done ? t('bo.restriction.done') : null}
      </div>
      {restriction.active ? (
        <p>{t('bo.restriction.active', { date: formatDateTime(restriction.since, lang) })}</p>
      ) : (
        <>
          <p>{t('bo.restriction.lifted', { date: restriction.liftedAt ? formatDateTime(restriction.liftedAt, lang) : '—' })}</p>
          {restriction.liftReason ? (
            <dl className="details-list">
              <dt>{t('bo.restriction.liftReason')}</dt>
              <dd>{restriction.liftReason}</dd>
            </dl>
          ) : null}
        </>
      )}
      {request.abilities.liftRestriction ? (
        <form className="form" onSubmit={onSubmit} noValidate>
          <div role="alert" className={mutation.isError ? 'alert alert-error' : 'visually-empty'}>
            {mutation.isError ? mutation.error.message : null}
          </div>
          <div className="field">
            <label htmlFor="lift-reason">{t('bo.restriction.reasonLabel')}</label>
            <p id="lift-reason-hint" className="hint">
              {t('bo.restriction.hint')}
            </p>
            <textarea id="lift-reason" rows={3} value={reason} onChange={(e) => setReason(e.currentTarget.value)} aria-describedby="lift-reason-hint" />
          </div>
          <div className="form-actions">
            <button type="submit" className="button-primary" aria-disabled={mutation.isPending || undefined}>
              {t('bo.restriction.submit')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
