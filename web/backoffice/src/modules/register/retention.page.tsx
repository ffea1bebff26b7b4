import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { ErrorSummary, issuesByField, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import { useMe } from '../../session.ts';
import { dryRun, findRules, registerKeys, runRetention, updateRule, type PeriodDto, type RuleDto } from './api.ts';
import { Select } from './fields.tsx';
import { moduleOfTable, usePeriod, useRuleLabel } from './labels.ts';

/** Retention rules, the dry run and the manual purge (/app/retention). */
export function RetentionPage() {
  const { t } = useTranslation('register');
  const me = useMe();
  const rules = useQuery({ queryKey: registerKeys.rules, queryFn: findRules });
  const period = usePeriod();
  const ruleLabel = useRuleLabel();
  if (isApiError(rules.error, 403)) return <ForbiddenPage message={rules.error.message} />;
  return (
    <Page title={t('bo.retention.title')}>
      <p>{t('bo.retention.intro')}</p>
      <p>
        <Link to="/retention/runs">{t('bo.retention.historyLink')}</Link>
      </p>
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <LoadError error={rules.error} onRetry={() => void rules.refetch()} />
      ) : (
        <>
          <div className="table-wrapper">
            <table>
              <caption>{t('bo.retention.rulesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('bo.retention.rule')}</th>
                  <th scope="col">{t('bo.retention.period')}</th>
                  <th scope="col">{t('bo.retention.default')}</th>
                  <th scope="col">{t('bo.retention.source')}</th>
                  <th scope="col">{t('bo.retention.enforcement')}</th>
                  <th scope="col">{t('bo.retention.tables')}</th>
                </tr>
              </thead>
              <tbody>
                {rules.data.map((r) => (
                  <tr key={r.rule}>
                    <th scope="row">
                      {ruleLabel(r.rule)}
                      <br />
                      <span className="muted">{t(`rule.${r.rule}.why`)}</span>
                    </th>
                    <td>
                      {period(r.period)} {t(`rule.${r.rule}.anchor`)}
                      {r.custom ? <span className="muted"> ({t('bo.retention.custom')})</span> : null}
                    </td>
                    <td>{period(r.defaultPeriod)}</td>
                    <td>{t(`rule.${r.rule}.source`)}</td>
                    <td>{t(`bo.retention.${r.enforcement}`)}</td>
                    <td>{[...new Set(r.tables.map(moduleOfTable))].map((m) => t(`prefill.module.${m}.name`)).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rules.data.some((r) => r.abilities.edit) ? <RuleForm rules={rules.data.filter((r) => r.abilities.edit)} /> : null}
        </>
      )}
      <DryRunSection />
      {me.permissions.includes('retention:run') ? <RunSection /> : null}
    </Page>
  );
}

function RuleForm({ rules }: { rules: RuleDto[] }) {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const ruleLabel = useRuleLabel();
  const period = usePeriod();
  const [rule, setRule] = useState(rules[0]?.rule ?? '');
  const current = rules.find((r) => r.rule === rule);
  const [amount, setAmount] = useState(String(current?.period.amount ?? ''));
  const [unit, setUnit] = useState<PeriodDto['unit']>(current?.period.unit ?? 'years');
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => updateRule(rule, { amount: Number(amount), unit }),
    onSuccess: (r) => {
      setDone(t('bo.retention.saved', { rule: ruleLabel(r.rule) }));
      void queryClient.invalidateQueries({ queryKey: registerKeys.rules });
    },
  });
  const issues = isApiError(save.error) ? issuesByField(save.error.issues) : {};
  const choose = (value: string) => {
    const next = rules.find((r) => r.rule === value);
    if (!next) return;
    setRule(next.rule);
    setAmount(String(next.period.amount));
    setUnit(next.period.unit);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(null);
    if (!save.isPending) save.mutate();
  };
  return (
    <section aria-labelledby="rule-form-title" className="panel">
      <h2 id="rule-form-title">{t('bo.retention.editLegend', { rule: current ? ruleLabel(current.rule) : '' })}</h2>
      <div role="status" className={done ? 'alert alert-success' : 'visually-empty'}>
        {done}
      </div>
      <form className="form" onSubmit={onSubmit} noValidate>
        <ErrorSummary message={save.error?.message} fieldErrors={issues} fields={{ amount: { id: 'rule-amount', label: t('bo.retention.amount') } }} />
        <Select id="rule-key" label={t('bo.retention.rule')} value={rule} onChange={choose}>
          {rules.map((r) => (
            <option key={r.rule} value={r.rule}>
              {ruleLabel(r.rule)}
            </option>
          ))}
        </Select>
        <TextField id="rule-amount" label={t('bo.retention.amount')} type="number" inputMode="numeric" min={0} required value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={issues.amount} {...(current ? { hint: t('bo.retention.minimum', { minimum: period(current.minimum) }) } : {})} />
        <Select id="rule-unit" label={t('bo.retention.unit')} value={unit} onChange={(v) => setUnit(v === 'days' || v === 'months' ? v : 'years')}>
          {(['days', 'months', 'years'] as const).map((u) => (
            <option key={u} value={u}>
              {t(`unitName.${u}`)}
            </option>
          ))}
        </Select>
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={save.isPending || undefined}>
            {t('bo.retention.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function DryRunSection() {
  const { t } = useTranslation('register');
  const lang = currentLanguage();
  const ruleLabel = useRuleLabel();
  const run = useMutation({ mutationFn: dryRun });
  return (
    <section aria-labelledby="dry-run-title" className="panel">
      <h2 id="dry-run-title">{t('bo.retention.dryRunTitle')}</h2>
      <p>{t('bo.retention.dryRunIntro')}</p>
      <ErrorSummary message={run.error?.message} />
      <button type="button" className="button-secondary" aria-disabled={run.isPending || undefined} onClick={() => !run.isPending && run.mutate()}>
        {t('bo.retention.dryRun')}
      </button>
      <div aria-live="polite">
        {run.data ? (
          <div className="table-wrapper">
            <table>
              <caption>{t('bo.retention.dryRunCaption', { date: formatDateTime(run.data.generatedAt, lang) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('bo.retention.rule')}</th>
                  <th scope="col">{t('bo.retention.cutoff')}</th>
                  <th scope="col">{t('bo.retention.count')}</th>
                  <th scope="col">{t('bo.retention.held')}</th>
                  <th scope="col">{t('bo.retention.samples')}</th>
                </tr>
              </thead>
              <tbody>
                {run.data.items.map((i) => (
                  <tr key={`${i.module}-${i.rule}`}>
                    <th scope="row">
                      {ruleLabel(i.rule)}
                      <br />
                      <span className="muted">{t(`bo.retention.action.${i.action}`)}</span>
                    </th>
                    <td>{formatDateTime(i.cutoff, lang)}</td>
                    <td>{i.count}</td>
                    <td>{i.held}</td>
                    <td>{i.sampleIds.length > 0 ? i.sampleIds.map((id) => <code key={id}>{id} </code>) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}

function RunSection() {
  const { t } = useTranslation('register');
  const queryClient = useQueryClient();
  const [confirmed, setConfirmed] = useState(false);
  const run = useMutation({
    mutationFn: runRetention,
    onSuccess: () => {
      setConfirmed(false);
      void queryClient.invalidateQueries({ queryKey: registerKeys.runs });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (confirmed && !run.isPending) run.mutate();
  };
  return (
    <section aria-labelledby="run-title" className="panel">
      <h2 id="run-title">{t('bo.retention.runTitle')}</h2>
      <p>{t('bo.retention.runIntro')}</p>
      <div role="status" className={run.data ? 'alert alert-success' : 'visually-empty'}>
        {run.data ? t('bo.retention.runDone', { purged: run.data.purged, held: run.data.held }) : null}
      </div>
      <ErrorSummary message={run.error?.message} />
      <form className="form" onSubmit={onSubmit}>
        <div className="field">
          <input id="run-confirm" type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />{' '}
          <label htmlFor="run-confirm">{t('bo.retention.runConfirm')}</label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={!confirmed || run.isPending || undefined}>
            {t('bo.retention.run')}
          </button>
        </div>
      </form>
    </section>
  );
}
