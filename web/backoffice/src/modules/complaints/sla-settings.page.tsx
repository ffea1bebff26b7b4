import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { ErrorSummary, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { allOf } from '../../union.ts';
import {
  COMPLAINT_CATEGORIES,
  getSlaSettings,
  resetSlaSetting,
  setSlaSetting,
  type SlaScope,
  type SlaSettingsDto,
  type SlaTermsDto,
} from './api.ts';

/** The organisation (`*`), then each category. */
const SCOPES = allOf<SlaScope>()(['*', ...COMPLAINT_CATEGORIES]);

/** SLA settings (/app/complaints/settings): terms of the organisation and per category; changes are audited. */
export function SlaSettingsPage() {
  const { t } = useTranslation('complaints');
  const me = useMe();
  const query = useQuery({ queryKey: ['complaint-sla'], queryFn: getSlaSettings });
  const canConfigure = me.permissions.includes('complaint:configure');
  return (
    <Page title={t('bo.sla.title')}>
      <p>
        <Link to="/complaints">{t('bo.backToQueue')}</Link>
      </p>
      <p>{t('bo.sla.intro')}</p>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Settings data={query.data} canConfigure={canConfigure} />
      )}
    </Page>
  );
}

function termsText(t: (key: string, options?: Record<string, unknown>) => string, terms: SlaTermsDto): string {
  return t('bo.termsText', { ack: terms.ackBusinessDays, answer: t(`bo.answerUnits.${terms.answerUnit}`, { count: terms.answerAmount }) });
}

function Settings({ data, canConfigure }: { data: SlaSettingsDto; canConfigure: boolean }) {
  const { t } = useTranslation('complaints');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const orgWide = data.settings.find((s) => s.category === '*');
  const [scope, setScope] = useState<SlaScope>('*');
  const current = data.settings.find((s) => s.category === scope) ?? orgWide ?? data.defaults;
  const [ack, setAck] = useState(String(current.ackBusinessDays));
  const [answer, setAnswer] = useState(String(current.answerAmount));
  const [unit, setUnit] = useState<SlaTermsDto['answerUnit']>(current.answerUnit);
  const [done, setDone] = useState('');
  const save = useMutation({
    mutationFn: () => setSlaSetting(scope, { ackBusinessDays: Number(ack), answerAmount: Number(answer), answerUnit: unit }),
    onSuccess: (next) => {
      queryClient.setQueryData(['complaint-sla'], next);
      setDone(t('bo.sla.saved'));
    },
  });
  const reset = useMutation({
    mutationFn: (category: string) => resetSlaSetting(category),
    onSuccess: (next) => {
      queryClient.setQueryData(['complaint-sla'], next);
      setDone(t('bo.sla.resetDone'));
    },
  });
  const fieldErrors = isApiError(save.error) ? issuesByField(save.error.issues) : {};
  const bounds = data.bounds.answer[unit];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    if (!save.isPending) save.mutate();
  };
  const scopeLabel = (s: string) => (s === '*' ? t('bo.sla.allCategories') : t(`categories.${s}`));
  return (
    <>
      <section className="panel" aria-labelledby="sla-current-title">
        <h2 id="sla-current-title">{t('bo.sla.current')}</h2>
        <div className="table-wrap">
          <table>
            <caption>{t('bo.sla.caption', { defaults: termsText(t, data.defaults) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo.sla.scope')}</th>
                <th scope="col">{t('bo.terms')}</th>
                <th scope="col">{t('bo.sla.updatedAt')}</th>
                {canConfigure ? <th scope="col">{t('bo.sla.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.settings.length === 0 ? (
                <tr>
                  <td colSpan={canConfigure ? 4 : 3}>{t('bo.sla.none')}</td>
                </tr>
              ) : (
                data.settings.map((s) => (
                  <tr key={s.category}>
                    <th scope="row">{scopeLabel(s.category)}</th>
                    <td>{termsText(t, s)}</td>
                    <td>{formatDateTime(s.updatedAt, lang)}</td>
                    {canConfigure ? (
                      <td>
                        <button type="button" onClick={() => reset.mutate(s.category)} aria-disabled={reset.isPending || undefined}>
                          {t('bo.sla.reset', { scope: scopeLabel(s.category) })}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </section>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      {canConfigure ? (
        <form className="panel" onSubmit={submit} aria-labelledby="sla-edit-title">
          <h2 id="sla-edit-title">{t('bo.sla.edit')}</h2>
          <ErrorSummary message={save.error instanceof Error ? save.error.message : undefined} fieldErrors={fieldErrors} />
          <div className="field">
            <label htmlFor="sla-scope">{t('bo.sla.scope')}</label>
            <select id="sla-scope" value={scope} onChange={(e) => setScope(SCOPES.find((s) => s === e.currentTarget.value) ?? scope)}>
              {SCOPES.map((s) => (
                <option key={s} value={s}>
                  {scopeLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sla-ack">{t('bo.sla.ack')}</label>
            <p className="hint" id="sla-ack-hint">
              {t('bo.sla.between', { min: data.bounds.ackBusinessDays.min, max: data.bounds.ackBusinessDays.max })}
            </p>
            {fieldErrors.ackBusinessDays ? (
              <p className="field-error" id="sla-ack-error">
                {fieldErrors.ackBusinessDays}
              </p>
            ) : null}
            <input
              id="sla-ack"
              type="number"
              inputMode="numeric"
              min={data.bounds.ackBusinessDays.min}
              max={data.bounds.ackBusinessDays.max}
              value={ack}
              onChange={(e) => setAck(e.currentTarget.value)}
              aria-describedby={fieldErrors.ackBusinessDays ? 'sla-ack-hint sla-ack-error' : 'sla-ack-hint'}
              aria-invalid={fieldErrors.ackBusinessDays ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="sla-unit">{t('bo.sla.unit')}</label>
            <select
              id="sla-unit"
              value={unit}
              onChange={(e) => setUnit(e.currentTarget.value === 'business-days' ? 'business-days' : 'months')}
            >
              <option value="months">{t('bo.sla.months')}</option>
              <option value="business-days">{t('bo.sla.businessDays')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="sla-answer">{t('bo.sla.answer')}</label>
            <p className="hint" id="sla-answer-hint">
              {t('bo.sla.between', { min: bounds.min, max: bounds.max })}
            </p>
            {fieldErrors.answerAmount ? (
              <p className="field-error" id="sla-answer-error">
                {fieldErrors.answerAmount}
              </p>
            ) : null}
            <input
              id="sla-answer"
              type="number"
              inputMode="numeric"
              min={bounds.min}
              max={bounds.max}
              value={answer}
              onChange={(e) => setAnswer(e.currentTarget.value)}
              aria-describedby={fieldErrors.answerAmount ? 'sla-answer-hint sla-answer-error' : 'sla-answer-hint'}
              aria-invalid={fieldErrors.answerAmount ? true : undefined}
            />
          </div>
          <p className="hint">{t('bo.sla.onlyNew')}</p>
          <button type="submit" className="button-primary" aria-disabled={save.isPending || undefined}>
            {t('bo.sla.save')}
          </button>
        </form>
      ) : null}
    </>
  );
}
