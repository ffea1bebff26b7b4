import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Select, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { useMe } from '../../session.ts';
import {
  CALL_OUTCOMES,
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  checkContact,
  contactKeys,
  findHistory,
  recordAttempt,
  type ContactAttemptDto,
  type ContactChannel,
  type ContactDecisionDto,
  type ContactOutcome,
  type ContactPurpose,
} from './api.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The calling days and hours of C. consom. D.223-9 al. 1: the reasons the windows explain.
const TIME_REASONS = ['outside_calling_hours', 'outside_calling_days', 'public_holiday'];

/** The contact guard (/app/contact?customer=<id>): may this customer be contacted now, record the call, history. */
export function ContactPage() {
  const { t } = useTranslation('contact');
  const [params, setParams] = useSearchParams();
  const customerId = params.get('customer') ?? '';
  const [draft, setDraft] = useState(customerId);
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [purpose, setPurpose] = useState<ContactPurpose>('prospecting');
  const valid = UUID.test(customerId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(draft.trim() ? { customer: draft.trim() } : {});
  };

  return (
    <Page title={t('bo.title')}>
      <p>{t('bo.intro')}</p>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('bo.form.legend')}</legend>
          <TextField id="contact-customer" label={t('bo.form.customer')} hint={t('bo.form.customerHint')} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} autoComplete="off" spellCheck={false} />
          <Select id="contact-channel" label={t('bo.form.channel')} value={channel} onChange={setChannel} options={CONTACT_CHANNELS} labelOf={(c) => t(`bo.channel.${c}`)} />
          <Select id="contact-purpose" label={t('bo.form.purpose')} value={purpose} onChange={setPurpose} options={CONTACT_PURPOSES} labelOf={(p) => t(`bo.purpose.${p}`)} />
          <button type="submit" className="button-primary">
            {t('bo.form.check')}
          </button>
        </fieldset>
      </form>
      {valid ? <CustomerContact customerId={customerId} channel={channel} purpose={purpose} /> : null}
    </Page>
  );
}

function CustomerContact({ customerId, channel, purpose }: { customerId: string; channel: ContactChannel; purpose: ContactPurpose }) {
  const { t } = useTranslation('contact');
  const me = useMe();
  const queryClient = useQueryClient();
  const decision = useQuery({ queryKey: contactKeys.check(customerId, channel, purpose), queryFn: () => checkContact({ customerId, channel, purpose }) });
  const history = useQuery({ queryKey: contactKeys.history(customerId), queryFn: () => findHistory(customerId) });
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const record = useMutation({
    mutationFn: (outcome: ContactOutcome) => recordAttempt({ customerId, channel, purpose, outcome }),
    onSuccess: (attempt) => {
      const outcome = t(`bo.record.outcome.${attempt.outcome}`);
      setFeedback({ ok: true, text: t(attempt.allowed ? 'bo.record.done' : 'bo.record.doneAgainstRules', { outcome }) });
      void queryClient.invalidateQueries({ queryKey: contactKeys.all });
    },
    onError: (e) => setFeedback({ ok: false, text: e.message }),
  });

  return (
    <>
      <section aria-labelledby="contact-verdict">
        <h2 id="contact-verdict">{t('bo.verdict.heading')}</h2>
        {decision.isPending ? <Loading /> : decision.isError ? <LoadError error={decision.error} onRetry={() => void decision.refetch()} /> : <Verdict decision={decision.data} channel={channel} />}
      </section>
      {channel === 'phone' && me.permissions.includes('contact:record') ? (
        <section aria-labelledby="contact-record">
          <h2 id="contact-record">{t('bo.record.legend')}</h2>
          <p>{t('bo.record.hint')}</p>
          <div role="status" className={feedback?.ok ? 'alert alert-success' : 'visually-empty'}>
            {feedback?.ok ? feedback.text : null}
          </div>
          <div role="alert" className={feedback && !feedback.ok ? 'alert alert-error' : 'visually-empty'}>
            {feedback && !feedback.ok ? feedback.text : null}
          </div>
          <div className="form-actions">
            {CALL_OUTCOMES.map((outcome) => (
              <button key={outcome} type="button" className="button-secondary" disabled={record.isPending} onClick={() => record.mutate(outcome)}>
                {t(`bo.record.outcome.${outcome}`)}
              </button>
            ))}
          </div>
        </section>
      ) : null}
      <section aria-labelledby="contact-history">
        <h2 id="contact-history">{t('bo.history.caption', { count: history.data?.length ?? 0 })}</h2>
        {history.isPending ? <Loading /> : history.isError ? <LoadError error={history.error} onRetry={() => void history.refetch()} /> : <History items={history.data} />}
      </section>
    </>
  );
}

/** "Do not call now: 20:10", the legal windows with their article, every reason, and when it becomes possible. */
function Verdict({ decision, channel }: { decision: ContactDecisionDto; channel: ContactChannel }) {
  const { t, i18n } = useTranslation('contact');
  const time = new Intl.DateTimeFormat(i18n.language, { timeZone: decision.tz, hour: '2-digit', minute: '2-digit' }).format(new Date(decision.at));
  const when = (iso: string) => new Intl.DateTimeFormat(i18n.language, { timeZone: decision.tz, dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
  const call = channel === 'phone';
  const heading = decision.allowed ? (call ? t('bo.verdict.allowedCall', { time }) : t('bo.verdict.allowed')) : call ? t('bo.verdict.deniedCall', { time }) : t('bo.verdict.denied');
  const timeReason = decision.reasons.find((r) => TIME_REASONS.includes(r.code));
  const windows = decision.callingWindows.map((w) => w.replace('-', '–')).join(` ${t('bo.verdict.and')} `);
  return (
    <div className={decision.allowed ? 'alert alert-success' : 'alert alert-error'} role="status">
      <p>
        <strong>{heading}</strong>
      </p>
      {timeReason ? <p>{t('bo.verdict.windows', { windows, ref: (timeReason.ref.split(';')[0] ?? '').replace(/ al\. \d+$/, ''), tz: decision.tz })}</p> : null}
      {decision.reasons.length > 0 ? (
        <>
          <p>{t('bo.verdict.reasons')}</p>
          <ul>
            {decision.reasons.map((r) => (
              <li key={r.code}>
                {t(`reason.${r.code}`)} ({r.ref})
              </li>
            ))}
          </ul>
          <p>{decision.nextAllowedAt ? t('bo.verdict.next', { when: when(decision.nextAllowedAt) }) : t('bo.verdict.never')}</p>
        </>
      ) : null}
    </div>
  );
}

function History({ items }: { items: readonly ContactAttemptDto[] }) {
  const { t, i18n } = useTranslation('contact');
  if (items.length === 0) return <p>{t('bo.history.empty')}</p>;
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="table-wrapper">
      <table>
        <caption className="visually-hidden">{t('bo.history.caption', { count: items.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('bo.history.when')}</th>
            <th scope="col">{t('bo.history.channel')}</th>
            <th scope="col">{t('bo.history.purpose')}</th>
            <th scope="col">{t('bo.history.outcome')}</th>
            <th scope="col">{t('bo.history.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td>{format.format(new Date(a.occurredAt))}</td>
              <td>{t(`bo.channel.${a.channel}`)}</td>
              <td>{t(`bo.purpose.${a.purpose}`)}</td>
              <td>{t(`bo.record.outcome.${a.outcome}`)}</td>
              <td>{a.allowed ? t('bo.history.allowed') : t('bo.history.denied', { reasons: a.reasons.map((r) => t(`reason.${r}`)).join(' ') })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
