import { Alert, Anchor, Button, Fieldset, List, SimpleGrid, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { ErrorSummary, RadioGroup, Select, TextAreaField, TextField, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel, type Fact } from '../../components/panel.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import {
  AUTHORITY_CHANNELS,
  SUBJECT_EXEMPTIONS,
  addSupplement,
  breachKeys,
  closeBreach,
  exemptSubjects,
  getBreach,
  notifyAuthority,
  notifySubjects,
  reportUrl,
  updateBreach,
  waiveAuthority,
  type BreachDto,
  type ExemptSubjectsBody,
  type NotifyAuthorityBody,
  type SubjectMessage,
} from './api.ts';
import { BreachForm } from './breach-form.tsx';
import { AuthorityClock, useNow } from './clock.tsx';
import { fromLocalInput, toLocalInput } from './local-time.ts';

/** One breach (/app/breaches/:id): the file, the 72-hour clock, notifications, supplements, timeline. */
export function BreachPage() {
  const { t } = useTranslation('breaches');
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: breachKeys.one(id), queryFn: () => getBreach(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404) || isApiError(query.error, 400)) return <NotFoundPage />;
  return (
    <Page
      title={query.data ? t('bo.detail.title', { reference: query.data.reference, title: query.data.title }) : t('bo.detail.loadingTitle')}
    >
      <Anchor component={Link} to="/breaches" size="sm" mb="sm" display="inline-block">
        {t('bo.back')}
      </Anchor>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <BreachDetail breach={query.data} />
      )}
    </Page>
  );
}

/** A mutation on the file: puts the answer in the cache and says what was done. */
function useBreachAction<I>(breach: BreachDto, action: (input: I) => Promise<BreachDto>, done: (b: BreachDto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: (updated) => {
      queryClient.setQueryData(breachKeys.one(breach.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['breaches', 'list'] });
      done(updated);
    },
  });
}

/** The file's facts; what is not known yet says so rather than leaving a blank. */
function useFacts(): (items: ReadonlyArray<{ label: string; value: ReactNode; hidden?: boolean }>) => Fact[] {
  const { t } = useTranslation('breaches');
  const unknown = (
    <Text span c="dimmed" size="sm">
      {t('report.unknown')}
    </Text>
  );
  return (items) =>
    items.map((item) => ({ ...item, value: item.value === null || item.value === '' || item.value === undefined ? unknown : item.value }));
}

/** Text someone wrote, with its line breaks. */
function Written({ value }: { value: string | null }) {
  return value ? <span className="cf-prewrap">{value}</span> : null;
}

function BreachDetail({ breach }: { breach: BreachDto }) {
  const { t } = useTranslation('breaches');
  const lang = currentLanguage();
  const now = useNow();
  const facts = useFacts();
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const at = (iso: string | null) => (iso ? formatDateTime(iso, lang) : null);
  const say = (key: string, params?: Record<string, number>) => () => setDone(t(key, params));
  const edit = useBreachAction(
    breach,
    (input: Parameters<typeof updateBreach>[1]) => updateBreach(breach.id, input),
    () => {
      setEditing(false);
      setDone(t('bo.done.updated'));
    },
  );
  const close = useBreachAction(breach, () => closeBreach(breach.id), say('bo.done.closed'));
  const showSubjects = breach.risk === 'high_risk' || breach.subjectsDecision !== 'not_required';
  return (
    <>
      {/* Always in the page, so the message that appears in it is announced. */}
      <div role="status">
        {done ? (
          <Alert color="green" mb="md">
            {done}
          </Alert>
        ) : null}
      </div>
      <Panel title={t('bo.detail.summary')} id="summary-title">
        <Facts
          items={facts([
            { label: t('fields.status'), value: t(`status.${breach.status}`) },
            { label: t('bo.list.clock'), value: <AuthorityClock breach={breach} now={now} /> },
            { label: t('fields.risk'), value: t(`risk.${breach.risk}`) },
            { label: t('fields.subjectsDecision'), value: t(`subjectsDecision.${breach.subjectsDecision}`) },
          ])}
        />
        {breach.missing.length > 0 && breach.status !== 'closed' ? (
          <Alert color="yellow" mt="sm">
            <Text fw={600}>{t('bo.detail.missing', { count: breach.missing.length })}</Text>
            <List size="sm">
              {breach.missing.map((key) => (
                <List.Item key={key}>{t(`fields.${key}`)}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <Anchor href={reportUrl(breach.id)} display="inline-block" mt="sm">
          {t('bo.detail.report')}
        </Anchor>
      </Panel>

      <Panel
        title={t('bo.detail.facts')}
        id="facts-title"
        actions={
          breach.abilities.edit ? (
            <Button variant="default" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
              {editing ? t('bo.detail.cancelEdit') : t('bo.detail.edit')}
            </Button>
          ) : null
        }
      >
        {editing ? (
          <BreachForm
            breach={breach}
            lockAwareness={!breach.abilities.editAwareness}
            submitLabel={t('bo.detail.save')}
            pending={edit.isPending}
            error={edit.error}
            onSubmit={(input) => edit.mutate(breach.abilities.editAwareness ? input : { ...input, awareAt: breach.awareAt })}
          />
        ) : (
          <Facts
            items={facts([
              { label: t('fields.reference'), value: breach.reference },
              { label: t('fields.awareAt'), value: at(breach.awareAt) },
              { label: t('fields.occurredAt'), value: at(breach.occurredAt) },
              { label: t('fields.discoverySource'), value: breach.discoverySource ? t(`source.${breach.discoverySource}`) : null },
              { label: t('fields.description'), value: breach.description ? <Written value={breach.description} /> : null },
              { label: t('fields.breachTypes'), value: breach.breachTypes.map((x) => t(`type.${x}`)).join(', ') },
              { label: t('fields.dataCategories'), value: breach.dataCategories ? <Written value={breach.dataCategories} /> : null },
              {
                label: t('fields.subjectCategories'),
                value: breach.subjectCategories ? <Written value={breach.subjectCategories} /> : null,
              },
              { label: t('fields.approxSubjects'), value: breach.approxSubjects },
              { label: t('fields.approxRecords'), value: breach.approxRecords },
              { label: t('fields.dpoContact'), value: breach.dpoContact },
              { label: t('fields.consequences'), value: breach.consequences ? <Written value={breach.consequences} /> : null },
              { label: t('fields.measures'), value: breach.measures ? <Written value={breach.measures} /> : null },
              { label: t('fields.riskReasons'), value: breach.riskReasons ? <Written value={breach.riskReasons} /> : null },
            ])}
          />
        )}
      </Panel>

      <AuthoritySection breach={breach} onDone={setDone} />
      {showSubjects ? <SubjectsSection breach={breach} onDone={setDone} /> : null}

      {breach.abilities.close ? (
        <Panel title={t('bo.close.title')} id="close-title">
          <Text mb="sm">{t('bo.close.intro')}</Text>
          <ErrorSummary message={close.error?.message} fieldErrors={isApiError(close.error) ? issuesByField(close.error.issues) : {}} />
          <Button loading={close.isPending} onClick={() => close.mutate(undefined)}>
            {t('bo.close.submit')}
          </Button>
        </Panel>
      ) : null}

      <Panel title={t('report.timeline')} id="timeline-title">
        <List type="ordered" size="sm" spacing={4}>
          {breach.timeline.map((e, i) => (
            <List.Item key={`${e.at}-${i}`}>
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time> — {t(`event.${e.type.replace('breach.', '')}`)}
            </List.Item>
          ))}
        </List>
      </Panel>
    </>
  );
}

/** GDPR Art. 33: the notification to the CNIL, or the reasoned decision not to notify; then supplements. */
function AuthoritySection({ breach, onDone }: { breach: BreachDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('breaches');
  const lang = currentLanguage();
  const facts = useFacts();
  const [mode, setMode] = useState<'notify' | 'waive'>('notify');
  const [notice, setNotice] = useState<Required<NotifyAuthorityBody>>({
    notifiedAt: toLocalInput(new Date().toISOString()),
    reference: '',
    channel: 'cnil_online',
    delayReasons: '',
  });
  const [reason, setReason] = useState('');
  const [supplement, setSupplement] = useState({ providedAt: toLocalInput(new Date().toISOString()), content: '' });
  const notify = useBreachAction(
    breach,
    () =>
      notifyAuthority(breach.id, {
        ...notice,
        notifiedAt: fromLocalInput(notice.notifiedAt),
        ...(notice.delayReasons.trim() ? { delayReasons: notice.delayReasons } : { delayReasons: undefined }),
      }),
    () => onDone(t('bo.done.notified')),
  );
  const waive = useBreachAction(
    breach,
    () => waiveAuthority(breach.id, reason),
    () => onDone(t('bo.done.waived')),
  );
  const supplementAction = useBreachAction(
    breach,
    () => addSupplement(breach.id, { providedAt: fromLocalInput(supplement.providedAt), content: supplement.content }),
    () => {
      setSupplement((s) => ({ ...s, content: '' }));
      onDone(t('bo.done.supplemented'));
    },
  );
  const late = Boolean(notice.notifiedAt) && new Date(notice.notifiedAt).getTime() > new Date(breach.authorityClock.dueAt).getTime();
  const active = mode === 'notify' ? notify : waive;
  const errors = isApiError(active.error) ? issuesByField(active.error.issues) : {};
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!active.isPending) active.mutate(undefined);
  };
  const supplementErrors = isApiError(supplementAction.error) ? issuesByField(supplementAction.error.issues) : {};
  const notified = Boolean(breach.authority.notifiedAt);
  const waived = Boolean(breach.authority.waivedAt);
  return (
    <Panel title={t('report.authority')} id="authority-title">
      <Facts
        items={facts([
          { label: t('fields.authorityDueAt'), value: formatDateTime(breach.authorityClock.dueAt, lang) },
          {
            label: t('fields.notifiedAt'),
            value: breach.authority.notifiedAt ? formatDateTime(breach.authority.notifiedAt, lang) : null,
            hidden: !notified,
          },
          { label: t('fields.authorityReference'), value: breach.authority.reference, hidden: !notified },
          {
            label: t('fields.channel'),
            value: breach.authority.channel ? t(`channel.${breach.authority.channel}`) : null,
            hidden: !notified,
          },
          {
            label: t('report.onTime'),
            value: breach.authority.late ? <strong>{t('report.lateYes')}</strong> : t('report.lateNo'),
            hidden: !notified,
          },
          {
            label: t('fields.delayReasons'),
            value: breach.authority.delayReasons ? <Written value={breach.authority.delayReasons} /> : null,
            hidden: !notified || !breach.authority.late,
          },
          { label: t('report.decision'), value: t('authorityDecision.not_notified'), hidden: !waived },
          {
            label: t('fields.waiverReason'),
            value: breach.authority.waiverReason ? <Written value={breach.authority.waiverReason} /> : null,
            hidden: !waived,
          },
        ])}
      />
      {breach.abilities.notifyAuthority ? (
        <form onSubmit={submit} noValidate aria-labelledby="authority-form-title">
          <Title order={3} id="authority-form-title" mt="md" mb="xs">
            {t('bo.authority.formTitle')}
          </Title>
          <ErrorSummary message={active.error?.message} fieldErrors={errors} />
          <RadioGroup
            id="authority-mode"
            legend={t('bo.authority.modeLegend')}
            options={[
              { value: 'notify', label: t('bo.authority.notify') },
              ...(breach.abilities.waiveAuthority ? [{ value: 'waive', label: t('bo.authority.waive') }] : []),
            ]}
            value={mode}
            onChange={(v) => setMode(v === 'waive' ? 'waive' : 'notify')}
            {...(breach.abilities.waiveAuthority ? {} : { hint: t('bo.authority.waiveUnavailable') })}
          />
          {mode === 'notify' ? (
            <>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing={0}>
                <TextField
                  id="authority-notifiedAt"
                  type="datetime-local"
                  label={t('fields.notifiedAt')}
                  required
                  value={notice.notifiedAt}
                  onChange={(e) => setNotice({ ...notice, notifiedAt: e.currentTarget.value })}
                  error={errors.notifiedAt}
                />
                <TextField
                  id="authority-reference"
                  label={t('fields.authorityReference')}
                  required
                  value={notice.reference}
                  onChange={(e) => setNotice({ ...notice, reference: e.currentTarget.value })}
                  error={errors.reference}
                />
                <Select
                  id="authority-channel"
                  label={t('fields.channel')}
                  required
                  value={notice.channel}
                  onChange={(channel) => setNotice({ ...notice, channel })}
                  options={AUTHORITY_CHANNELS}
                  labelOf={(c) => t(`channel.${c}`)}
                  error={errors.channel}
                />
              </SimpleGrid>
              <TextAreaField
                id="authority-delayReasons"
                label={t('fields.delayReasons')}
                hint={late ? t('bo.authority.lateHint') : t('bo.authority.delayHint')}
                required={late}
                minRows={3}
                value={notice.delayReasons}
                onChange={(delayReasons) => setNotice({ ...notice, delayReasons })}
                error={errors.delayReasons}
              />
            </>
          ) : (
            <TextAreaField
              id="authority-waiverReason"
              label={t('fields.waiverReason')}
              hint={t('bo.authority.waiveHint')}
              required
              minRows={3}
              value={reason}
              onChange={setReason}
              error={errors.reason}
            />
          )}
          <Button type="submit" loading={active.isPending}>
            {mode === 'notify' ? t('bo.authority.submitNotify') : t('bo.authority.submitWaive')}
          </Button>
        </form>
      ) : null}
      {breach.supplements.length > 0 || breach.abilities.supplement ? (
        <>
          <Title order={3} id="supplements-title" mt="md" mb="xs">
            {t('report.supplements')}
          </Title>
          {breach.supplements.length === 0 ? (
            <Text size="sm" c="dimmed" mb="sm">
              {t('bo.supplements.none')}
            </Text>
          ) : (
            <List size="sm" spacing={4} mb="sm">
              {breach.supplements.map((s) => (
                <List.Item key={s.id}>
                  <time dateTime={s.providedAt}>{formatDateTime(s.providedAt, lang)}</time> — <Written value={s.content} />
                </List.Item>
              ))}
            </List>
          )}
          {breach.abilities.supplement ? (
            <form
              noValidate
              aria-labelledby="supplements-title"
              onSubmit={(e) => {
                e.preventDefault();
                if (!supplementAction.isPending) supplementAction.mutate(undefined);
              }}
            >
              <ErrorSummary message={supplementAction.error?.message} fieldErrors={supplementErrors} />
              <TextField
                id="supplement-providedAt"
                type="datetime-local"
                label={t('fields.providedAt')}
                required
                value={supplement.providedAt}
                onChange={(e) => setSupplement({ ...supplement, providedAt: e.currentTarget.value })}
                error={supplementErrors.providedAt}
              />
              <TextAreaField
                id="supplement-content"
                label={t('fields.content')}
                required
                minRows={3}
                value={supplement.content}
                onChange={(content) => setSupplement({ ...supplement, content })}
                error={supplementErrors.content}
              />
              <Button type="submit" variant="default" loading={supplementAction.isPending}>
                {t('bo.supplements.submit')}
              </Button>
            </form>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}

const emptyMessage: SubjectMessage = { nature: '', consequences: '', measures: '' };

/** GDPR Art. 34: tell the affected customers (high risk), or record an Art. 34(3) exception. */
function SubjectsSection({ breach, onDone }: { breach: BreachDto; onDone: (message: string) => void }) {
  const { t } = useTranslation('breaches');
  const lang = currentLanguage();
  const facts = useFacts();
  const queryClient = useQueryClient();
  const [audience, setAudience] = useState<'selected' | 'all'>('selected');
  const [ids, setIds] = useState('');
  const [message, setMessage] = useState({ fr: emptyMessage, en: emptyMessage });
  const [exemption, setExemption] = useState<Required<ExemptSubjectsBody>>({ exemption: 'encrypted', reason: '', publicCommunication: '' });
  const notify = useMutation({
    mutationFn: () =>
      notifySubjects(breach.id, {
        audience: audience === 'all' ? { kind: 'all' } : { kind: 'selected', customerIds: ids.split(/[\s,;]+/).filter(Boolean) },
        message,
      }),
    onSuccess: (result) => {
      queryClient.setQueryData(breachKeys.one(breach.id), result.breach);
      void queryClient.invalidateQueries({ queryKey: ['breaches', 'list'] });
      onDone(t('bo.done.subjectsNotified', { queued: result.queued, total: result.total }));
    },
  });
  const exempt = useBreachAction(
    breach,
    () =>
      exemptSubjects(breach.id, {
        exemption: exemption.exemption,
        reason: exemption.reason,
        ...(exemption.publicCommunication.trim() ? { publicCommunication: exemption.publicCommunication } : {}),
      }),
    () => onDone(t('bo.done.exempted')),
  );
  const notifyErrors = isApiError(notify.error) ? issuesByField(notify.error.issues) : {};
  const exemptErrors = isApiError(exempt.error) ? issuesByField(exempt.error.issues) : {};
  const messageError = notifyErrors.message;
  const notifiedSubjects = Boolean(breach.subjects.notifiedAt);
  const exempted = Boolean(breach.subjects.exemption);
  const messageFields = (locale: 'fr' | 'en') => (
    <Fieldset legend={t(`bo.subjects.message.${locale}`)} mb="md">
      {(['nature', 'consequences', 'measures'] as const).map((key) => (
        <TextAreaField
          key={key}
          id={`subjects-${locale}-${key}`}
          lang={locale}
          label={t(`bo.subjects.message.${key}`)}
          required
          minRows={3}
          value={message[locale][key]}
          onChange={(value) => setMessage((m) => ({ ...m, [locale]: { ...m[locale], [key]: value } }))}
          error={messageError}
        />
      ))}
    </Fieldset>
  );
  return (
    <Panel title={t('report.subjects')} id="subjects-title">
      <Text mb="sm" maw="48rem">
        {t('bo.subjects.intro')}
      </Text>
      <Facts
        items={facts([
          { label: t('fields.subjectsDecision'), value: t(`subjectsDecision.${breach.subjectsDecision}`) },
          {
            label: t('fields.subjectsNotifiedAt'),
            value: breach.subjects.notifiedAt ? formatDateTime(breach.subjects.notifiedAt, lang) : null,
            hidden: !notifiedSubjects,
          },
          { label: t('fields.subjectsNotifiedCount'), value: breach.subjects.count, hidden: !notifiedSubjects },
          {
            label: t('fields.exemption'),
            value: breach.subjects.exemption ? t(`exemption.${breach.subjects.exemption}`) : null,
            hidden: !exempted,
          },
          {
            label: t('fields.exemptionReason'),
            value: breach.subjects.exemptionReason ? <Written value={breach.subjects.exemptionReason} /> : null,
            hidden: !exempted,
          },
          {
            label: t('fields.publicCommunication'),
            value: <Written value={breach.subjects.publicCommunication} />,
            hidden: !exempted || !breach.subjects.publicCommunication,
          },
        ])}
      />
      {breach.abilities.notifySubjects ? (
        <form
          noValidate
          aria-labelledby="subjects-form-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (!notify.isPending) notify.mutate();
          }}
        >
          <Title order={3} id="subjects-form-title" mt="md" mb="xs">
            {t('bo.subjects.formTitle')}
          </Title>
          <ErrorSummary message={notify.error?.message} fieldErrors={notifyErrors} />
          <RadioGroup
            id="subjects-audience"
            legend={t('bo.subjects.audience')}
            options={[
              { value: 'selected', label: t('bo.subjects.selected') },
              { value: 'all', label: t('bo.subjects.all') },
            ]}
            value={audience}
            onChange={(v) => setAudience(v === 'all' ? 'all' : 'selected')}
            error={notifyErrors.audience}
          />
          {audience === 'selected' ? (
            <TextAreaField
              id="subjects-ids"
              label={t('bo.subjects.ids')}
              hint={t('bo.subjects.idsHint')}
              required
              minRows={2}
              value={ids}
              onChange={setIds}
              error={notifyErrors.audience}
            />
          ) : null}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
            {messageFields('fr')}
            {messageFields('en')}
          </SimpleGrid>
          <Text size="sm" c="dimmed" mb="sm">
            {t('bo.subjects.dpoNote', { contact: breach.dpoContact })}
          </Text>
          <Button type="submit" loading={notify.isPending}>
            {t('bo.subjects.submit')}
          </Button>
        </form>
      ) : null}
      {breach.abilities.exemptSubjects ? (
        <form
          noValidate
          aria-labelledby="exemption-title"
          onSubmit={(e) => {
            e.preventDefault();
            if (!exempt.isPending) exempt.mutate(undefined);
          }}
        >
          <Title order={3} id="exemption-title" mt="md" mb="xs">
            {t('bo.subjects.exemptionTitle')}
          </Title>
          <ErrorSummary message={exempt.error?.message} fieldErrors={exemptErrors} />
          <RadioGroup
            id="subjects-exemption"
            legend={t('fields.exemption')}
            options={SUBJECT_EXEMPTIONS.map((x) => ({ value: x, label: t(`exemption.${x}`) }))}
            value={exemption.exemption}
            onChange={(v) => setExemption({ ...exemption, exemption: v })}
            error={exemptErrors.exemption}
          />
          <TextAreaField
            id="exemption-reason"
            label={t('fields.exemptionReason')}
            required
            minRows={3}
            value={exemption.reason}
            onChange={(reason) => setExemption({ ...exemption, reason })}
            error={exemptErrors.reason}
          />
          {exemption.exemption === 'disproportionate_effort' ? (
            <TextAreaField
              id="exemption-publicCommunication"
              label={t('fields.publicCommunication')}
              hint={t('bo.subjects.publicHint')}
              required
              minRows={3}
              value={exemption.publicCommunication}
              onChange={(publicCommunication) => setExemption({ ...exemption, publicCommunication })}
              error={exemptErrors.publicCommunication}
            />
          ) : null}
          <Button type="submit" variant="default" loading={exempt.isPending}>
            {t('bo.subjects.exemptionSubmit')}
          </Button>
        </form>
      ) : null}
    </Panel>
  );
}
