import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { REGISTER_CSV_URL, breachKeys, findBreaches } from './api.ts';
import { AuthorityClock, useNow } from './clock.tsx';

/** The breach register (/app/breaches): every breach with its 72-hour clock, CSV export, new breach. */
export function BreachesPage() {
  const { t } = useTranslation('breaches');
  const lang = currentLanguage();
  const me = useMe();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') === 'all' ? 'all' : 'open';
  const query = useQuery({ queryKey: breachKeys.list(status), queryFn: () => findBreaches(status), refetchInterval: 60_000 });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const canManage = me.permissions.includes('breach:manage');
  return (
    <Page title={t('bo.list.title')}>
      <p>{t('bo.list.intro')}</p>
      <div className="row-actions">
        {canManage ? (
          <Link className="button-primary" to="/breaches/new">
            {t('bo.list.new')}
          </Link>
        ) : null}
        <a className="button-secondary" href={REGISTER_CSV_URL} download>
          {t('bo.list.csv')}
        </a>
      </div>
      <section aria-labelledby="register-title" className="panel">
        <h2 id="register-title">{t('bo.list.registerTitle')}</h2>
        <fieldset className="inline-form">
          <legend>{t('bo.list.show')}</legend>
          {(['open', 'all'] as const).map((s) => (
            <div className="checkbox" key={s}>
              <input type="radio" id={`show-${s}`} name="show" checked={status === s} onChange={() => setParams(s === 'all' ? { status: 'all' } : {})} />
              <label htmlFor={`show-${s}`}>{t(`bo.list.filter.${s}`)}</label>
            </div>
          ))}
        </fieldset>
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.length === 0 ? (
          <p>{t('bo.list.empty')}</p>
        ) : (
          <div className="table-wrapper">
            <table>
              <caption>{t('bo.list.caption', { count: query.data.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('fields.reference')}</th>
                  <th scope="col">{t('fields.title')}</th>
                  <th scope="col">{t('fields.awareAt')}</th>
                  <th scope="col">{t('bo.list.clock')}</th>
                  <th scope="col">{t('fields.risk')}</th>
                  <th scope="col">{t('fields.status')}</th>
                  <th scope="col">{t('fields.subjectsDecision')}</th>
                </tr>
              </thead>
              <tbody>
                {query.data.map((b) => (
                  <tr key={b.id}>
                    <th scope="row">
                      <Link to={`/breaches/${b.id}`}>{b.reference}</Link>
                    </th>
                    <td>{b.title}</td>
                    <td>{formatDateTime(b.awareAt, lang)}</td>
                    <td>
                      <AuthorityClock breach={b} now={now} />
                    </td>
                    <td>{t(`risk.${b.risk}`)}</td>
                    <td>{t(`status.${b.status}`)}</td>
                    <td>{t(`subjectsDecision.${b.subjectsDecision}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}
