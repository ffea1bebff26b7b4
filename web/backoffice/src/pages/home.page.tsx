import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiFetch } from '../api.ts';
import { Page } from '../components/page.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { dateFormatter, formatDateTime } from '../format.ts';
import { useMe } from '../session.ts';
import { WeeklyChart } from './home.chart.tsx';
import './home.css';

// What GET /api/home answers per section (src/core/*/*.home.ts).
type Weekly<K extends string> = ({ week: string } & Record<K, number>)[];
type SlaState = 'breached' | 'soon' | 'ok';
interface MyQueue {
  counts: Record<SlaState, number>;
  waitingOnCustomer: number;
  top: { id: string; reference: string; category: string; status: string; level: number; state: SlaState; answerDueOn: string }[];
}
interface Team {
  advisors: { userId: string; name: string; open: number; breached: number; soon: number; ok: number; waiting: number }[];
  breachingSoon: number;
  breached: number;
  unassigned: number;
  escalations: number;
  trend: Weekly<'received'>;
}
interface Outcomes {
  decisions: Record<'upheld' | 'partially_upheld' | 'rejected', number>;
  open: number;
  mediation: number;
  trend: Weekly<'received'>;
}
interface DsrDeadlines {
  overdue: number;
  dueThisWeek: number;
  later: number;
  next: { id: string; type: string; status: string; dueDate: string; bucket: 'overdue' | 'week' | 'later' }[];
}
interface ConsentTrend {
  weeks: Weekly<'given' | 'withdrawn'>;
  given: number;
  withdrawn: number;
}
interface BreachClocks {
  open: {
    id: string;
    reference: string;
    title: string;
    status: string;
    authorityDueAt: string;
    clockRunning: boolean;
    hoursLeft: number;
  }[];
}
interface People {
  active: number;
  disabled: number;
  invited: number;
  twoStep: number;
}
interface Tokens {
  active: number;
  expiring: { id: string; name: string; prefix: string; expiresAt: string | null }[];
}
interface Chain {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
}
interface KpiSummary {
  period: { from: string; to: string };
  refreshedAt: string | null;
  withTarget: number;
  offTarget: {
    key: string;
    module: string;
    name: { fr: string; en: string };
    unit: 'count' | 'percent' | 'hours' | 'days' | 'score' | 'per_1000';
    value: number;
    target: { value: number; direction: 'higher' | 'lower' };
  }[];
}
interface Section {
  id: string;
  module: string;
  data: unknown;
}

/** One figure: a number, what it counts, and a link to the list it summarises. */
function Figure({
  value,
  label,
  to,
  tone = 'neutral',
}: {
  value: number | string;
  label: string;
  to?: string;
  tone?: 'neutral' | 'ok' | 'warn' | 'danger';
}) {
  const body = (
    <>
      <span className="home-figure-value">{value}</span>
      <span className="home-figure-label">{label}</span>
    </>
  );
  return <li className={`home-figure home-tone-${tone}`}>{to ? <Link to={to}>{body}</Link> : body}</li>;
}

function Card({ id, title, children, wide = false }: { id: string; title: string; children: ReactNode; wide?: boolean }) {
  return (
    <section aria-labelledby={`home-${id}`} className={`home-card${wide ? ' home-card-wide' : ''}`}>
      <h2 id={`home-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

function StateBadge({ state }: { state: SlaState | 'overdue' | 'week' | 'later' }) {
  const { t } = useTranslation('home');
  const tone = state === 'breached' || state === 'overdue' ? 'danger' : state === 'soon' || state === 'week' ? 'warn' : 'ok';
  return <span className={`home-badge home-tone-${tone}`}>{t(`state.${state}`)}</span>;
}

function MyQueueCard({ data }: { data: MyQueue }) {
  const { t, i18n } = useTranslation('home');
  const { t: tc } = useTranslation('complaints');
  const date = dateFormatter(i18n.language);
  return (
    <Card id="my-queue" title={t('myQueue.title')} wide>
      <ul className="home-figures">
        <Figure
          value={data.counts.breached}
          label={t('myQueue.breached')}
          to="/complaints?queue=mine"
          tone={data.counts.breached ? 'danger' : 'neutral'}
        />
        <Figure
          value={data.counts.soon}
          label={t('myQueue.soon')}
          to="/complaints?queue=breaching"
          tone={data.counts.soon ? 'warn' : 'neutral'}
        />
        <Figure value={data.counts.ok} label={t('myQueue.ok')} to="/complaints?queue=mine" tone="ok" />
        <Figure value={data.waitingOnCustomer} label={t('myQueue.waiting')} to="/complaints?queue=paused" />
      </ul>
      <h3>{t('myQueue.next')}</h3>
      {data.top.length === 0 ? (
        <p className="home-empty">{t('myQueue.empty')}</p>
      ) : (
        <table className="home-table">
          <caption className="visually-hidden">{t('myQueue.next')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.reference')}</th>
              <th scope="col">{t('col.category')}</th>
              <th scope="col">{t('col.sla')}</th>
              <th scope="col">{t('col.due')}</th>
              <th scope="col">{t('col.level')}</th>
            </tr>
          </thead>
          <tbody>
            {data.top.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/complaints/${c.id}`}>{c.reference}</Link>
                </td>
                <td>{tc(`categories.${c.category}`, { defaultValue: c.category })}</td>
                <td>
                  <StateBadge state={c.state} />
                </td>
                <td>{date.date(c.answerDueOn)}</td>
                <td>{c.level}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function TeamCard({ data }: { data: Team }) {
  const { t } = useTranslation('home');
  return (
    <>
      <Card id="team" title={t('team.title')} wide>
        <ul className="home-figures">
          <Figure value={data.breached} label={t('team.breached')} to="/complaints?queue=all" tone={data.breached ? 'danger' : 'neutral'} />
          <Figure
            value={data.breachingSoon}
            label={t('team.soon')}
            to="/complaints?queue=breaching"
            tone={data.breachingSoon ? 'warn' : 'neutral'}
          />
          <Figure value={data.escalations} label={t('team.escalations')} to="/complaints?queue=all" />
          <Figure value={data.unassigned} label={t('team.unassigned')} to="/complaints?queue=unassigned" />
        </ul>
        <h3>{t('team.load')}</h3>
        {data.advisors.length === 0 ? (
          <p className="home-empty">
            {t('team.noTeam')} <Link to="/advisors">{t('team.setTeam')}</Link>
          </p>
        ) : (
          <table className="home-table">
            <caption className="visually-hidden">{t('team.load')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('col.advisor')}</th>
                <th scope="col">{t('col.open')}</th>
                <th scope="col">{t('state.breached')}</th>
                <th scope="col">{t('state.soon')}</th>
                <th scope="col">{t('col.waiting')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('col.loadBar')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.advisors.map((a) => (
                <tr key={a.userId}>
                  <th scope="row">{a.name}</th>
                  <td>{a.open}</td>
                  <td className={a.breached ? 'home-text-danger' : undefined}>{a.breached}</td>
                  <td className={a.soon ? 'home-text-warn' : undefined}>{a.soon}</td>
                  <td>{a.waiting}</td>
                  <td>
                    <meter
                      className="home-meter"
                      min={0}
                      max={Math.max(...data.advisors.map((x) => x.open), 1)}
                      value={a.open}
                      aria-label={t('col.loadOf', { name: a.name })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <Link to="/complaints?queue=team">{t('team.queueLink')}</Link>
        </p>
      </Card>
      <Card id="team-trend" title={t('trend.received')}>
        <WeeklyChart
          title={t('trend.received')}
          weeks={data.trend.map((w) => w.week)}
          series={[{ name: t('trend.complaints'), values: data.trend.map((w) => w.received), color: '#1d4f91' }]}
        />
      </Card>
    </>
  );
}

function OutcomesCard({ data }: { data: Outcomes }) {
  const { t } = useTranslation('home');
  const total = data.decisions.upheld + data.decisions.partially_upheld + data.decisions.rejected;
  const share = (n: number) => (total ? `${Math.round((n / total) * 100)} %` : '—');
  return (
    <>
      <Card id="outcomes" title={t('outcomes.title')}>
        <ul className="home-figures">
          <Figure value={share(data.decisions.upheld)} label={t('outcomes.upheld', { count: data.decisions.upheld })} />
          <Figure
            value={share(data.decisions.partially_upheld)}
            label={t('outcomes.partial', { count: data.decisions.partially_upheld })}
          />
          <Figure value={share(data.decisions.rejected)} label={t('outcomes.rejected', { count: data.decisions.rejected })} />
          <Figure value={data.open} label={t('outcomes.open')} to="/complaints?queue=all" />
          <Figure value={data.mediation} label={t('outcomes.mediation')} />
        </ul>
        <p className="home-note">
          <Link to="/kpis">{t('kpi:home.open')}</Link>
        </p>
      </Card>
      <Card id="outcomes-trend" title={t('trend.received')}>
        <WeeklyChart
          title={t('trend.received')}
          weeks={data.trend.map((w) => w.week)}
          series={[{ name: t('trend.complaints'), values: data.trend.map((w) => w.received), color: '#1d4f91' }]}
        />
      </Card>
    </>
  );
}

function DsrCard({ data }: { data: DsrDeadlines }) {
  const { t, i18n } = useTranslation('home');
  const { t: td } = useTranslation('privacy');
  const date = dateFormatter(i18n.language);
  return (
    <Card id="dsr" title={t('dsr.title')}>
      <ul className="home-figures">
        <Figure value={data.overdue} label={t('dsr.overdue')} to="/privacy" tone={data.overdue ? 'danger' : 'neutral'} />
        <Figure value={data.dueThisWeek} label={t('dsr.week')} to="/privacy" tone={data.dueThisWeek ? 'warn' : 'neutral'} />
        <Figure value={data.later} label={t('dsr.later')} to="/privacy" />
      </ul>
      {data.next.length === 0 ? (
        <p className="home-empty">{t('dsr.empty')}</p>
      ) : (
        <table className="home-table">
          <caption className="visually-hidden">{t('dsr.next')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.request')}</th>
              <th scope="col">{t('col.due')}</th>
              <th scope="col">{t('col.sla')}</th>
            </tr>
          </thead>
          <tbody>
            {data.next.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/privacy/requests/${r.id}`}>{td(`dsrType.${r.type}`, { defaultValue: r.type })}</Link>
                </td>
                <td>{date.date(r.dueDate)}</td>
                <td>
                  <StateBadge state={r.bucket} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function ConsentCard({ data }: { data: ConsentTrend }) {
  const { t } = useTranslation('home');
  return (
    <Card id="consent" title={t('consent.title')}>
      <ul className="home-figures">
        <Figure value={data.given} label={t('consent.given')} to="/privacy" tone="ok" />
        <Figure value={data.withdrawn} label={t('consent.withdrawn')} to="/privacy" />
      </ul>
      <WeeklyChart
        title={t('consent.title')}
        weeks={data.weeks.map((w) => w.week)}
        series={[
          { name: t('consent.given'), values: data.weeks.map((w) => w.given), color: '#2f7d4a' },
          { name: t('consent.withdrawn'), values: data.weeks.map((w) => w.withdrawn), color: '#b45309' },
        ]}
      />
    </Card>
  );
}

function BreachCard({ data }: { data: BreachClocks }) {
  const { t, i18n } = useTranslation('home');
  return (
    <Card id="breaches" title={t('breaches.title')}>
      {data.open.length === 0 ? (
        <p className="home-empty">{t('breaches.empty')}</p>
      ) : (
        <ul className="home-list">
          {data.open.map((b) => (
            <li key={b.id}>
              <Link to={`/breaches/${b.id}`}>
                {b.reference} · {b.title}
              </Link>
              <span
                className={`home-badge home-tone-${!b.clockRunning ? 'ok' : b.hoursLeft < 0 ? 'danger' : b.hoursLeft < 24 ? 'warn' : 'neutral'}`}
              >
                {!b.clockRunning
                  ? t('breaches.stopped')
                  : b.hoursLeft < 0
                    ? t('breaches.late', { count: -b.hoursLeft })
                    : t('breaches.left', { count: b.hoursLeft })}
              </span>
              <span className="home-note">{t('breaches.due', { at: formatDateTime(b.authorityDueAt, i18n.language) })}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/breaches">{t('breaches.link')}</Link>
      </p>
    </Card>
  );
}

function AdminCards({ people, tokens }: { people?: People; tokens?: Tokens }) {
  const { t, i18n } = useTranslation('home');
  return (
    <>
      {people ? (
        <Card id="users" title={t('users.title')}>
          <ul className="home-figures">
            <Figure value={people.active} label={t('users.active')} to="/users" />
            <Figure value={people.invited} label={t('users.invited')} to="/users" />
            <Figure value={people.twoStep} label={t('users.twoStep')} to="/users" tone={people.twoStep < people.active ? 'warn' : 'ok'} />
            <Figure value={people.disabled} label={t('users.disabled')} to="/users" />
          </ul>
        </Card>
      ) : null}
      {tokens ? (
        <Card id="tokens" title={t('tokens.title')}>
          <ul className="home-figures">
            <Figure value={tokens.active} label={t('tokens.active')} to="/tokens" />
            <Figure
              value={tokens.expiring.length}
              label={t('tokens.expiring')}
              to="/tokens"
              tone={tokens.expiring.length ? 'warn' : 'neutral'}
            />
          </ul>
          {tokens.expiring.length > 0 ? (
            <ul className="home-list">
              {tokens.expiring.map((tk) => (
                <li key={tk.id}>
                  {tk.name} <code>{tk.prefix}</code>{' '}
                  <span className="home-note">{tk.expiresAt ? formatDateTime(tk.expiresAt, i18n.language) : null}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}

/** Those who answer for the figures: how many KPIs are off target over the last 30 days, which, and the way to the dashboard. */
function KpiCard({ data }: { data: KpiSummary }) {
  const { t, i18n } = useTranslation('kpi');
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <Card id="kpi" title={t('home.title')}>
      <ul className="home-figures">
        <Figure value={data.offTarget.length} label={t('home.offTarget')} to="/kpis" tone={data.offTarget.length ? 'danger' : 'ok'} />
        <Figure value={data.withTarget - data.offTarget.length} label={t('home.onTarget')} to="/kpis" tone="ok" />
      </ul>
      {data.refreshedAt === null ? (
        <p className="home-empty">{t('period.notRefreshed')}</p>
      ) : data.offTarget.length === 0 ? (
        <p className="home-empty">{t('home.none')}</p>
      ) : (
        <ul>
          {data.offTarget.map((k) => (
            <li key={k.key}>
              <Link to={`/kpis/${encodeURIComponent(k.key)}`}>{k.name[lang]}</Link>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/kpis">{t('home.open')}</Link>
      </p>
    </Card>
  );
}

interface MessageApprovals {
  pending: number;
}

/** Ethics officer: marketing messages waiting for approval (issue 12). */
function MessageApprovalsCard({ data }: { data: MessageApprovals }) {
  const { t } = useTranslation('messages');
  return (
    <Card id="message-approvals" title={t('bo.home.title')}>
      <ul className="home-figures">
        <Figure
          value={data.pending}
          label={data.pending ? t('bo.home.pending', { count: data.pending }) : t('bo.home.none')}
          to="/messages/approvals"
          tone={data.pending ? 'warn' : 'ok'}
        />
      </ul>
    </Card>
  );
}

function ChainCard({ data }: { data: Chain }) {
  const { t } = useTranslation('home');
  return (
    <Card id="chain" title={t('chain.title')}>
      <p className={`home-chain home-tone-${data.ok ? 'ok' : 'danger'}`}>
        {data.ok ? t('chain.ok', { count: data.checked }) : t('chain.broken', { seq: data.firstBrokenSeq ?? '?' })}
      </p>
      <p>
        <Link to="/audit">{t('chain.link')}</Link>
      </p>
    </Card>
  );
}

/** Home (/app/): the work and figures of the user's roles, each figure linking to its list. */
export function HomePage() {
  const { t } = useTranslation();
  const { t: th } = useTranslation('home');
  const me = useMe();
  const query = useQuery({ queryKey: ['home'], queryFn: () => apiFetch<{ sections: Section[] }>('/api/home'), refetchInterval: 60_000 });
  const section = <T,>(id: string) => query.data?.sections.find((s) => s.id === id)?.data as T | undefined;
  const myQueue = section<MyQueue>('complaints.my-queue');
  const team = section<Team>('complaints.team');
  const outcomes = section<Outcomes>('complaints.outcomes');
  const dsr = section<DsrDeadlines>('dsr.deadlines');
  const consent = section<ConsentTrend>('consent.trend');
  const breaches = section<BreachClocks>('breaches.clocks');
  const people = section<People>('auth.users');
  const tokens = section<Tokens>('auth.tokens');
  const chain = section<Chain>('audit-log.chain');
  const kpis = section<KpiSummary>('kpi.summary');
  const approvals = section<MessageApprovals>('messages.approvals');
  return (
    <Page title={t('home.title', { name: me.user.name })}>
      <p className="home-intro">{t('home.intro', { org: me.org.name })}</p>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.sections.length === 0 ? <p className="home-empty">{th('nothing')}</p> : null}
      <div className="home-grid">
        {kpis ? <KpiCard data={kpis} /> : null}
        {myQueue ? <MyQueueCard data={myQueue} /> : null}
        {team ? <TeamCard data={team} /> : null}
        {dsr ? <DsrCard data={dsr} /> : null}
        {breaches ? <BreachCard data={breaches} /> : null}
        {consent ? <ConsentCard data={consent} /> : null}
        {approvals ? <MessageApprovalsCard data={approvals} /> : null}
        {outcomes ? <OutcomesCard data={outcomes} /> : null}
        <AdminCards people={people} tokens={tokens} />
        {chain ? <ChainCard data={chain} /> : null}
      </div>
    </Page>
  );
}
