import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api.ts';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { findRates, findRequests, privacyKeys } from './api.ts';
import { useMe } from '../../session.ts';
import { breachKeys, findBreaches } from '../breaches/api.ts';
import { AuthorityClock, useNow } from '../breaches/clock.tsx';
import { findRuns, registerKeys } from '../register/api.ts';

/**
 * DPO workspace and dashboard (/app/privacy): open requests by deadline, overdue first, consent
 * rates by purpose, open breaches with their 72-hour clock, and the latest retention runs. Each
 * panel shows only to those whose permissions let them read it.
 */
export function PrivacyWorkspacePage() {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const requests = useQuery({ queryKey: privacyKeys.requests, queryFn: findRequests });
  const rates = useQuery({ queryKey: privacyKeys.rates, queryFn: findRates });
  const me = useMe();
  if (isApiError(requests.error, 403)) return <ForbiddenPage message={requests.error.message} />;
  return (
    <Page title={t('bo.workspace.title')}>
      <section aria-labelledby="requests-title" className="panel">
        <h2 id="requests-title">{t('bo.workspace.requestsTitle')}</h2>
        {requests.isPending ? (
          <Loading />
        ) : requests.isError ? (
          <LoadError error={requests.error} onRetry={() => void requests.refetch()} />
        ) : requests.data.length === 0 ? (
          <p>{t('bo.workspace.noRequests')}</p>
        ) : (
          <div className="table-wrapper">
            <table>
              <caption>{t('bo.workspace.requestsCaption', { count: requests.data.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('bo.columns.type')}</th>
                  <th scope="col">{t('bo.columns.received')}</th>
                  <th scope="col">{t('bo.columns.due')}</th>
                  <th scope="col">{t('bo.columns.status')}</th>
                  <th scope="col">{t('bo.columns.channel')}</th>
                </tr>
              </thead>
              <tbody>
                {requests.data.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/privacy/requests/${r.id}`}>{t(`dsrType.${r.type}`)}</Link>
                    </th>
                    <td>{formatDateTime(r.receivedAt, lang)}</td>
                    <td>
                      <time dateTime={r.dueDate}>{r.dueDate}</time>{' '}
                      {r.overdue ? <span className="badge badge-denied">{t('bo.overdue')}</span> : null}
                    </td>
                    <td>{t(`dsrStatus.${r.status}`)}</td>
                    <td>{t(`bo.channel.${r.channel}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="rates-title" className="panel">
        <h2 id="rates-title">{t('bo.workspace.ratesTitle')}</h2>
        {rates.isPending ? (
          <Loading />
        ) : rates.isError ? (
          <LoadError error={rates.error} onRetry={() => void rates.refetch()} />
        ) : (
          <RatesTable rates={rates.data} />
        )}
        <p>
          <Link to="/privacy/purposes">{t('bo.workspace.purposesLink')}</Link>
        </p>
      </section>
      {me.permissions.includes('breach:read') ? <OpenBreachesPanel /> : null}
      {me.permissions.includes('retention:read') ? <RetentionRunsPanel /> : null}
    </Page>
  );
}

function RatesTable({ rates }: { rates: Awaited<ReturnType<typeof findRates>> }) {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const percent = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { style: 'percent', maximumFractionDigits: 1 });
  if (rates.length === 0) return <p>{t('bo.purposes.none')}</p>;
  return (
    <div className="table-wrapper">
      <table>
        <caption>{t('bo.workspace.ratesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('bo.columns.purpose')}</th>
            <th scope="col">{t('kind.given')}</th>
            <th scope="col">{t('kind.withdrawn')}</th>
            <th scope="col">{t('kind.refused')}</th>
            <th scope="col">{t('bo.columns.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {rates.map((r) => (
            <tr key={r.purposeId}>
              <th scope="row">
                <code>{r.key}</code>
              </th>
              <td>{r.given}</td>
              <td>{r.withdrawn}</td>
              <td>{r.refused}</td>
              <td>{r.rate === null ? '—' : percent.format(r.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Open breaches, most urgent first, each with its clock to notify the authority (GDPR Art. 33(1)). */
function OpenBreachesPanel() {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const now = useNow();
  const breaches = useQuery({ queryKey: breachKeys.list('open'), queryFn: () => findBreaches('open') });
  return (
    <section aria-labelledby="breaches-title" className="panel">
      <h2 id="breaches-title">{t('bo.workspace.breachesTitle')}</h2>
      {breaches.isPending ? (
        <Loading />
      ) : breaches.isError ? (
        <LoadError error={breaches.error} onRetry={() => void breaches.refetch()} />
      ) : breaches.data.length === 0 ? (
        <p>{t('bo.workspace.noBreaches')}</p>
      ) : (
        <div className="table-wrapper">
          <table>
            <caption>{t('bo.workspace.breachesCaption', { count: breaches.data.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo.workspace.breachColumn')}</th>
                <th scope="col">{t('bo.workspace.awareColumn')}</th>
                <th scope="col">{t('bo.workspace.clockColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {breaches.data.map((b) => (
                <tr key={b.id}>
                  <th scope="row">
                    <Link to={`/breaches/${b.id}`}>
                      {b.reference} — {b.title}
                    </Link>
                  </th>
                  <td>{formatDateTime(b.awareAt, lang)}</td>
                  <td>
                    <AuthorityClock breach={b} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to="/breaches">{t('bo.workspace.breachesLink')}</Link>
      </p>
    </section>
  );
}

/** The five latest retention runs (GDPR Art. 5(1)(e)): what was purged, what a hold kept. */
function RetentionRunsPanel() {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const runs = useQuery({ queryKey: registerKeys.runs, queryFn: findRuns });
  const latest = runs.data?.slice(0, 5) ?? [];
  return (
    <section aria-labelledby="retention-title" className="panel">
      <h2 id="retention-title">{t('bo.workspace.retentionTitle')}</h2>
      {runs.isPending ? (
        <Loading />
      ) : runs.isError ? (
        <LoadError error={runs.error} onRetry={() => void runs.refetch()} />
      ) : latest.length === 0 ? (
        <p>{t('bo.workspace.noRuns')}</p>
      ) : (
        <div className="table-wrapper">
          <table>
            <caption>{t('bo.workspace.runsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo.workspace.runColumn')}</th>
                <th scope="col">{t('bo.workspace.outcomeColumn')}</th>
                <th scope="col">{t('bo.workspace.purgedColumn')}</th>
                <th scope="col">{t('bo.workspace.heldColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {latest.map((run) => (
                <tr key={run.id}>
                  <th scope="row">
                    {formatDateTime(run.startedAt, lang)} ({t(`bo.workspace.trigger.${run.trigger}`)})
                  </th>
                  <td>{t(`bo.workspace.runStatus.${run.status}`)}</td>
                  <td>{run.purged}</td>
                  <td>{run.held}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to="/retention/runs">{t('bo.workspace.runsLink')}</Link>
      </p>
    </section>
  );
}
