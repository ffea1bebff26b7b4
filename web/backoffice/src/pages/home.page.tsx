import { Alert, Anchor, Code, List, Paper, Progress, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiFetch } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { Page } from '../components/page.tsx';
import { StatusBadge, type Tone } from '../components/status-badge.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { dateFormatter, formatDateTime } from '../format.ts';
import { useMe } from '../session.ts';
import { WeeklyChart } from './home.chart.tsx';

// What GET /api/home answers per section (src/core/*/*.home.ts).
type Weekly<K extends string> = ({ week: string } & Record<K, number>)[];
type SlaState = 'breached' | 'soon' | 'ok';
interface MyQueue {
  counts: Record<SlaState, number>;
  waitingOnCustomer: number;
  /** `categoryLabel` is worded by the server in the request's language. */
  top: { id: string; reference: string; category: string; categoryLabel: string; status: string; level: number; state: SlaState; answerDueOn: string }[];
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
  /** `typeLabel` is worded by the server in the request's language. */
  next: { id: string; type: string; typeLabel: string; status: string; dueDate: string; bucket: 'overdue' | 'week' | 'later' }[];
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

/** What a figure's colour says: nothing special, fine, soon a problem, a problem now. */
type FigureTone = 'neutral' | 'ok' | 'warn' | 'danger';

/**
 * One figure: a number, what it counts, and a link to the list it summarises (the whole tile is
 * the link). The tone is a coloured edge; the words say the same (WCAG 1.4.1).
 */
function Figure({ value, label, to, tone = 'neutral' }: { value: number | string; label: string; to?: string; tone?: FigureTone }) {
  const body = (
    <>
      <Text component="span" display="block" fz="1.6rem" fw={700} lh={1.1} className="cf-tabular">
        {value}
      </Text>
      <Text component="span" display="block" size="sm" c="dimmed">
        {label}
      </Text>
    </>
  );
  return (
    <li>
      {to ? (
        <Paper component={Link} to={to} p="xs" radius="sm" className="cf-tile" data-tone={tone}>
          {body}
        </Paper>
      ) : (
        <Paper p="xs" radius="sm" className="cf-tile" data-tone={tone}>
          {body}
        </Paper>
      )}
    </li>
  );
}

/** The figures of a card, in tiles as wide as the card allows (the grid follows the card, not the screen). */
function Figures({ children }: { children: ReactNode }) {
  return <ul className="cf-plain-list cf-figures">{children}</ul>;
}

/** A card of the home; `home-card` names it for the browser journey (cards fit the screen). */
function Card({ id, title, children, wide = false }: { id: string; title: string; children: ReactNode; wide?: boolean }) {
  return (
    <Paper
      component="section"
      withBorder
      p="md"
      radius="md"
      aria-labelledby={`home-${id}`}
      className={`home-card cf-home-card${wide ? ' cf-home-card-wide' : ''}`}
    >
      <Title order={2} size="h4" id={`home-${id}`} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** A heading inside a card. */
function Subtitle({ children }: { children: ReactNode }) {
  return (
    <Title order={3} size="h5" c="dimmed" mt="md" mb="xs">
      {children}
    </Title>
  );
}

/** A link alone under a card's content: a target of its own, at least 24 px high (WCAG 2.5.8). */
function CardLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm" display="inline-block" py={4} mt="xs">
      {children}
    </Anchor>
  );
}

const TONE: Record<FigureTone, Tone> = { neutral: 'neutral', ok: 'success', warn: 'warning', danger: 'danger' };

function StateBadge({ state }: { state: SlaState | 'overdue' | 'week' | 'later' }) {
  const { t } = useTranslation('home');
  const tone = state === 'breached' || state === 'overdue' ? 'danger' : state === 'soon' || state === 'week' ? 'warn' : 'ok';
  return <StatusBadge tone={TONE[tone]}>{t(`state.${state}`)}</StatusBadge>;
}

function MyQueueCard({ data }: { data: MyQueue }) {
  const { t, i18n } = useTranslation('home');
  const date = dateFormatter(i18n.language);
  return (
    <Card id="my-queue" title={t('myQueue.title')} wide>
      <Figures>
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
      </Figures>
      <Subtitle>{t('myQueue.next')}</Subtitle>
      <DataTable
        caption={t('myQueue.next')}
        rows={data.top}
        rowKey={(c) => c.id}
        rowHref={(c) => `/complaints/${c.id}`}
        empty={<EmptyState title={t('myQueue.empty')} />}
        columns={[
          { key: 'reference', header: t('col.reference'), cell: (c) => c.reference, nowrap: true },
          { key: 'category', header: t('col.category'), cell: (c) => c.categoryLabel },
          { key: 'sla', header: t('col.sla'), cell: (c) => <StateBadge state={c.state} /> },
          { key: 'due', header: t('col.due'), cell: (c) => date.date(c.answerDueOn), nowrap: true },
          { key: 'level', header: t('col.level'), cell: (c) => c.level, align: 'end' },
        ]}
      />
    </Card>
  );
}

function TeamCard({ data }: { data: Team }) {
  const { t } = useTranslation('home');
  return (
    <>
      <Card id="team" title={t('team.title')} wide>
        <Figures>
          <Figure value={data.breached} label={t('team.breached')} to="/complaints?queue=all" tone={data.breached ? 'danger' : 'neutral'} />
          <Figure
            value={data.breachingSoon}
            label={t('team.soon')}
            to="/complaints?queue=breaching"
            tone={data.breachingSoon ? 'warn' : 'neutral'}
          />
          <Figure value={data.escalations} label={t('team.escalations')} to="/complaints?queue=all" />
          <Figure value={data.unassigned} label={t('team.unassigned')} to="/complaints?queue=unassigned" />
        </Figures>
        <Subtitle>{t('team.load')}</Subtitle>
        <DataTable
          caption={t('team.load')}
          rows={data.advisors}
          rowKey={(a) => a.userId}
          empty={
            <EmptyState title={t('team.noTeam')}>
              <Anchor component={Link} to="/advisors" display="inline-block" py={4}>
                {t('team.setTeam')}
              </Anchor>
            </EmptyState>
          }
          columns={[
            { key: 'advisor', header: t('col.advisor'), cell: (a) => a.name, nowrap: true },
            { key: 'open', header: t('col.open'), cell: (a) => a.open, align: 'end' },
            {
              key: 'breached',
              header: t('state.breached'),
              align: 'end',
              cell: (a) =>
                a.breached ? (
                  <Text span fw={700} c="red.8" size="sm">
                    {a.breached}
                  </Text>
                ) : (
                  a.breached
                ),
            },
            {
              key: 'soon',
              header: t('state.soon'),
              align: 'end',
              cell: (a) =>
                a.soon ? (
                  <Text span fw={700} c="orange.9" size="sm">
                    {a.soon}
                  </Text>
                ) : (
                  a.soon
                ),
            },
            { key: 'waiting', header: t('col.waiting'), cell: (a) => a.waiting, align: 'end' },
            {
              key: 'load',
              header: t('col.loadBar'),
              cell: (a) => (
                <Progress
                  miw="4rem"
                  value={(a.open / Math.max(...data.advisors.map((x) => x.open), 1)) * 100}
                  aria-label={t('col.loadOf', { name: a.name })}
                />
              ),
            },
          ]}
        />
        <CardLink to="/complaints?queue=team">{t('team.queueLink')}</CardLink>
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
  const { t: tk } = useTranslation('kpi');
  const total = data.decisions.upheld + data.decisions.partially_upheld + data.decisions.rejected;
  const share = (n: number) => (total ? `${Math.round((n / total) * 100)} %` : '—');
  return (
    <>
      <Card id="outcomes" title={t('outcomes.title')}>
        <Figures>
          <Figure value={share(data.decisions.upheld)} label={t('outcomes.upheld', { count: data.decisions.upheld })} />
          <Figure
            value={share(data.decisions.partially_upheld)}
            label={t('outcomes.partial', { count: data.decisions.partially_upheld })}
          />
          <Figure value={share(data.decisions.rejected)} label={t('outcomes.rejected', { count: data.decisions.rejected })} />
          <Figure value={data.open} label={t('outcomes.open')} to="/complaints?queue=all" />
          <Figure value={data.mediation} label={t('outcomes.mediation')} />
        </Figures>
        <CardLink to="/kpis">{tk('home.open')}</CardLink>
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
  const date = dateFormatter(i18n.language);
  return (
    <Card id="dsr" title={t('dsr.title')}>
      <Figures>
        <Figure value={data.overdue} label={t('dsr.overdue')} to="/privacy" tone={data.overdue ? 'danger' : 'neutral'} />
        <Figure value={data.dueThisWeek} label={t('dsr.week')} to="/privacy" tone={data.dueThisWeek ? 'warn' : 'neutral'} />
        <Figure value={data.later} label={t('dsr.later')} to="/privacy" />
      </Figures>
      <DataTable
        caption={t('dsr.next')}
        rows={data.next}
        rowKey={(r) => r.id}
        rowHref={(r) => `/privacy/requests/${r.id}`}
        empty={<EmptyState title={t('dsr.empty')} />}
        columns={[
          { key: 'request', header: t('col.request'), cell: (r) => r.typeLabel },
          { key: 'due', header: t('col.due'), cell: (r) => date.date(r.dueDate), nowrap: true },
          { key: 'sla', header: t('col.sla'), cell: (r) => <StateBadge state={r.bucket} /> },
        ]}
      />
    </Card>
  );
}

function ConsentCard({ data }: { data: ConsentTrend }) {
  const { t } = useTranslation('home');
  return (
    <Card id="consent" title={t('consent.title')}>
      <Figures>
        <Figure value={data.given} label={t('consent.given')} to="/privacy" tone="ok" />
        <Figure value={data.withdrawn} label={t('consent.withdrawn')} to="/privacy" />
      </Figures>
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
        <EmptyState title={t('breaches.empty')} />
      ) : (
        <List listStyleType="none" spacing="xs" className="cf-plain-list">
          {data.open.map((b) => (
            <List.Item key={b.id}>
              <Anchor component={Link} to={`/breaches/${b.id}`} mr="xs">
                {b.reference} · {b.title}
              </Anchor>
              <StatusBadge tone={!b.clockRunning ? 'success' : b.hoursLeft < 0 ? 'danger' : b.hoursLeft < 24 ? 'warning' : 'neutral'}>
                {!b.clockRunning
                  ? t('breaches.stopped')
                  : b.hoursLeft < 0
                    ? t('breaches.late', { count: -b.hoursLeft })
                    : t('breaches.left', { count: b.hoursLeft })}
              </StatusBadge>
              <Text size="sm" c="dimmed">
                {t('breaches.due', { at: formatDateTime(b.authorityDueAt, i18n.language) })}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      <CardLink to="/breaches">{t('breaches.link')}</CardLink>
    </Card>
  );
}

function AdminCards({ people, tokens }: { people?: People; tokens?: Tokens }) {
  const { t, i18n } = useTranslation('home');
  return (
    <>
      {people ? (
        <Card id="users" title={t('users.title')}>
          <Figures>
            <Figure value={people.active} label={t('users.active')} to="/users" />
            <Figure value={people.invited} label={t('users.invited')} to="/users" />
            <Figure value={people.twoStep} label={t('users.twoStep')} to="/users" tone={people.twoStep < people.active ? 'warn' : 'ok'} />
            <Figure value={people.disabled} label={t('users.disabled')} to="/users" />
          </Figures>
        </Card>
      ) : null}
      {tokens ? (
        <Card id="tokens" title={t('tokens.title')}>
          <Figures>
            <Figure value={tokens.active} label={t('tokens.active')} to="/tokens" />
            <Figure
              value={tokens.expiring.length}
              label={t('tokens.expiring')}
              to="/tokens"
              tone={tokens.expiring.length ? 'warn' : 'neutral'}
            />
          </Figures>
          {tokens.expiring.length > 0 ? (
            <List listStyleType="none" spacing={4} className="cf-plain-list">
              {tokens.expiring.map((tk) => (
                <List.Item key={tk.id}>
                  {tk.name} <Code>{tk.prefix}</Code>{' '}
                  <Text span size="sm" c="dimmed">
                    {tk.expiresAt ? formatDateTime(tk.expiresAt, i18n.language) : null}
                  </Text>
                </List.Item>
              ))}
            </List>
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
      <Figures>
        <Figure value={data.offTarget.length} label={t('home.offTarget')} to="/kpis" tone={data.offTarget.length ? 'danger' : 'ok'} />
        <Figure value={data.withTarget - data.offTarget.length} label={t('home.onTarget')} to="/kpis" tone="ok" />
      </Figures>
      {data.refreshedAt === null ? (
        <EmptyState title={t('period.notRefreshed')} />
      ) : data.offTarget.length === 0 ? (
        <EmptyState title={t('home.none')} />
      ) : (
        <List size="sm" spacing={4}>
          {data.offTarget.map((k) => (
            <List.Item key={k.key}>
              <Anchor component={Link} to={`/kpis/${encodeURIComponent(k.key)}`} display="inline-block" py={2}>
                {k.name[lang]}
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
      <CardLink to="/kpis">{t('home.open')}</CardLink>
    </Card>
  );
}

interface MessageApprovals {
  pending: number;
}

interface OpenFindings {
  open: number;
  bySeverity: { critical: number; high: number; medium: number; low: number };
}

/** Ethics officer: findings the controls and audits opened and not yet closed (issue 14). */
function FindingsCard({ data }: { data: OpenFindings }) {
  const { t } = useTranslation('audits');
  const serious = data.bySeverity.critical + data.bySeverity.high;
  return (
    <Card id="findings" title={t('bo.home.title')}>
      <Figures>
        <Figure
          value={data.open}
          label={data.open ? t('bo.home.open', { count: data.open }) : t('bo.home.none')}
          to="/findings"
          tone={serious ? 'danger' : data.open ? 'warn' : 'ok'}
        />
        {data.open ? <Figure value={data.bySeverity.critical} label={t('bo.home.critical')} to="/findings?severity=critical" tone={data.bySeverity.critical ? 'danger' : 'ok'} /> : null}
        {data.open ? <Figure value={data.bySeverity.high} label={t('bo.home.high')} to="/findings?severity=high" tone={data.bySeverity.high ? 'danger' : 'ok'} /> : null}
      </Figures>
      <CardLink to="/findings">{t('bo.home.link')}</CardLink>
    </Card>
  );
}

/** Ethics officer: marketing messages waiting for approval (issue 12). */
function MessageApprovalsCard({ data }: { data: MessageApprovals }) {
  const { t } = useTranslation('messages');
  return (
    <Card id="message-approvals" title={t('bo.home.title')}>
      <Figures>
        <Figure
          value={data.pending}
          label={data.pending ? t('bo.home.pending', { count: data.pending }) : t('bo.home.none')}
          to="/messages/approvals"
          tone={data.pending ? 'warn' : 'ok'}
        />
      </Figures>
    </Card>
  );
}

function ChainCard({ data }: { data: Chain }) {
  const { t } = useTranslation('home');
  return (
    <Card id="chain" title={t('chain.title')}>
      <Alert color={data.ok ? 'green' : 'red'} p="xs">
        <Text fw={600} size="sm">
          {data.ok ? t('chain.ok', { count: data.checked }) : t('chain.broken', { seq: data.firstBrokenSeq ?? '?' })}
        </Text>
      </Alert>
      <CardLink to="/audit">{t('chain.link')}</CardLink>
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
  const findings = section<OpenFindings>('audits.findings');
  return (
    <Page title={t('home.title', { name: me.user.name })}>
      <Text c="dimmed" mb="md">
        {t('home.intro', { org: me.org.name })}
      </Text>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.sections.length === 0 ? <EmptyState title={th('nothing')} /> : null}
      <div className="cf-home-grid">
        {kpis ? <KpiCard data={kpis} /> : null}
        {findings ? <FindingsCard data={findings} /> : null}
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
