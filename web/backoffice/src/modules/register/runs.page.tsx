import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { findRuns, registerKeys } from './api.ts';
import { useRuleLabel } from './labels.ts';

/** History of retention runs, daily and manual (/app/retention/runs). */
export function RetentionRunsPage() {
  const { t } = useTranslation('register');
  const lang = currentLanguage();
  const ruleLabel = useRuleLabel();
  const runs = useQuery({ queryKey: registerKeys.runs, queryFn: findRuns });
  if (isApiError(runs.error, 403)) return <ForbiddenPage message={runs.error.message} />;
  return (
    <Page title={t('bo.runs.title')}>
      <p>{t('bo.runs.intro')}</p>
      <p>
        <Link to="/retention">{t('bo.runs.back')}</Link>
      </p>
      {runs.isPending ? (
        <Loading />
      ) : runs.isError ? (
        <LoadError error={runs.error} onRetry={() => void runs.refetch()} />
      ) : runs.data.length === 0 ? (
        <p>{t('bo.runs.none')}</p>
      ) : (
        <div className="table-wrapper">
          <table>
            <caption>{t('bo.runs.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo.runs.startedAt')}</th>
                <th scope="col">{t('bo.runs.trigger')}</th>
                <th scope="col">{t('bo.runs.status')}</th>
                <th scope="col">{t('bo.runs.purged')}</th>
                <th scope="col">{t('bo.runs.held')}</th>
                <th scope="col">{t('bo.runs.details')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{formatDateTime(r.startedAt, lang)}</th>
                  <td>{t(`bo.runs.triggerValue.${r.trigger}`)}</td>
                  <td>
                    {t(`bo.runs.statusValue.${r.status}`)}
                    {r.failedRule ? (
                      <>
                        <br />
                        {t('bo.runs.failedRule', { rule: ruleLabel(r.failedRule) })}
                      </>
                    ) : null}
                  </td>
                  <td>{r.purged}</td>
                  <td>{r.held}</td>
                  <td>
                    <ul>
                      {r.results
                        .filter((x) => x.purged > 0 || x.held > 0)
                        .map((x) => (
                          <li key={x.rule}>{t('bo.runs.resultLine', { rule: ruleLabel(x.rule), purged: x.purged, held: x.held })}</li>
                        ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
