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

/** DPO workspace (/app/privacy): open requests by deadline, overdue first, and consent rates by purpose. */
export function PrivacyWorkspacePage() {
  const { t } = useTranslation('privacy');
  const lang = currentLanguage();
  const requests = useQuery({ queryKey: privacyKeys.requests, queryFn: findRequests });
  const rates = useQuery({ queryKey: privacyKeys.rates, queryFn: findRates });
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
