import { Accordion, Button, Group, NativeSelect, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table.tsx';
import { CheckboxGroup } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { ActionFeedback, LoadError, Loading } from '../../components/status.tsx';
import { useMe } from '../../session.ts';
import type { AdvisorTeamDto, UpdateAdvisorBody } from '../../../../../src/api/contract.ts';
import { allOf, isOneOf } from '../../union.ts';
import { COMPLAINT_CATEGORIES, findAdvisorTeam, handOver, updateAdvisor, type AdvisorDto } from '../complaints/api.ts';

/** Dedicated advisors (/app/advisors): load, absence with a deputy, languages, skills and team lead, handover of all customers. */
export function AdvisorsPage() {
  const { t } = useTranslation('advisors');
  const me = useMe();
  const canManage = me.permissions.includes('advisor:manage');
  const queryClient = useQueryClient();
  // One request, two views of it (React Query shares the cache entry).
  const query = useQuery({ queryKey: ['advisors', 'team'], queryFn: findAdvisorTeam, select: (team) => team.items });
  const supervisors = useQuery({ queryKey: ['advisors', 'team'], queryFn: findAdvisorTeam, select: (team) => team.supervisors });
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['advisors'] });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateAdvisorBody }) => updateAdvisor(id, body),
    onSuccess: (a) => (setFeedback({ ok: true, text: t('bo.updated', { name: a.name }) }), refresh()),
    onError: (e) => setFeedback({ ok: false, text: e.message }),
  });
  const handover = useMutation({
    mutationFn: ({ from, to }: { from: string; to: string }) => handOver(from, to),
    onSuccess: (r) => (
      setFeedback({ ok: true, text: t('bo.handedOver', { customers: r.customers, complaints: r.complaints }) }),
      refresh()
    ),
    onError: (e) => setFeedback({ ok: false, text: e.message }),
  });
  const [targets, setTargets] = useState<Record<string, string>>({});
  /** The active advisors who can stand in for, or take over from, `a`. */
  const colleagues = (a: AdvisorDto) => (query.data ?? []).filter((o) => o.userId !== a.userId && o.active);

  return (
    <Page title={t('bo.title')}>
      <Text mb="sm" maw="48rem">
        {t('bo.intro')}
      </Text>
      <ActionFeedback feedback={feedback} />
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable
          caption={t('bo.caption', { count: query.data.length })}
          rows={query.data}
          rowKey={(a: AdvisorDto) => a.userId}
          stickyFirstColumn
          columns={[
            { key: 'name', header: t('bo.columns.name'), cell: (a) => a.name, sortValue: (a) => a.name, nowrap: true },
            { key: 'customers', header: t('bo.columns.customers'), cell: (a) => a.customers, sortValue: (a) => a.customers, align: 'end' },
            {
              key: 'status',
              header: t('bo.columns.status'),
              cell: (a) =>
                canManage && a.status !== 'left' ? (
                  <NativeSelect
                    size="xs"
                    aria-label={t('bo.statusOf', { name: a.name })}
                    value={a.status}
                    onChange={(e) =>
                      update.mutate({ id: a.userId, body: { status: e.currentTarget.value === 'absent' ? 'absent' : 'active' } })
                    }
                    data={[
                      { value: 'active', label: t('bo.status.active') },
                      { value: 'absent', label: t('bo.status.absent') },
                    ]}
                  />
                ) : (
                  t(`bo.status.${a.status}`)
                ),
            },
            {
              key: 'deputy',
              header: t('bo.columns.deputy'),
              cell: (a) =>
                canManage ? (
                  <NativeSelect
                    size="xs"
                    aria-label={t('bo.deputyOf', { name: a.name })}
                    value={a.deputyId ?? ''}
                    onChange={(e) => update.mutate({ id: a.userId, body: { deputyId: e.currentTarget.value || null } })}
                    data={[{ value: '', label: t('bo.noDeputy') }, ...colleagues(a).map((o) => ({ value: o.userId, label: o.name }))]}
                  />
                ) : (
                  (query.data.find((o) => o.userId === a.deputyId)?.name ?? t('bo.noDeputy'))
                ),
            },
          ]}
          {...(canManage
            ? {
                actionsHeader: t('bo.columns.handover'),
                actions: (a: AdvisorDto) => (
                  <Group gap="xs" wrap="nowrap">
                    <NativeSelect
                      size="xs"
                      aria-label={t('bo.handoverTo', { name: a.name })}
                      value={targets[a.userId] ?? ''}
                      onChange={(e) => setTargets({ ...targets, [a.userId]: e.currentTarget.value })}
                      data={[{ value: '', label: t('bo.choose') }, ...colleagues(a).map((o) => ({ value: o.userId, label: o.name }))]}
                    />
                    <Button
                      size="xs"
                      variant="default"
                      disabled={!targets[a.userId]}
                      loading={handover.isPending && handover.variables?.from === a.userId}
                      onClick={() => handover.mutate({ from: a.userId, to: targets[a.userId] ?? '' })}
                    >
                      {t('bo.handover')}
                      <span className="visually-hidden"> {a.name}</span>
                    </Button>
                  </Group>
                ),
              }
            : {})}
        />
      )}
      {canManage && query.data ? (
        <Panel title={t('bo.skills.title')} id="advisor-skills">
          <Text size="sm" mb="sm" maw="48rem">
            {t('bo.skills.intro')}
          </Text>
          <Accordion multiple variant="contained" chevronPosition="left">
            {query.data
              .filter((a) => a.status !== 'left')
              .map((a) => (
                <AdvisorSkillsForm
                  key={`${a.userId}:${a.languages.join()}:${a.skills.join()}:${a.supervisorId ?? ''}`}
                  advisor={a}
                  supervisors={(supervisors.data ?? []).filter((u) => u.id !== a.userId)}
                  saving={update.isPending}
                  onSave={(body) => update.mutate({ id: a.userId, body })}
                />
              ))}
          </Accordion>
        </Panel>
      ) : null}
    </Page>
  );
}

type Language = NonNullable<UpdateAdvisorBody['languages']>[number];
const LANGUAGES = allOf<Language>()(['fr', 'en']);

/**
 * The languages an advisor takes new customers in (none ticked: any), the complaint categories
 * they are a specialist of (complaints of a specialist category go to an advisor with that skill),
 * and their team lead (whose "my team" queue shows their complaints).
 */
function AdvisorSkillsForm({
  advisor,
  supervisors,
  saving,
  onSave,
}: {
  advisor: AdvisorDto;
  supervisors: AdvisorTeamDto['supervisors'];
  saving: boolean;
  onSave: (body: UpdateAdvisorBody) => void;
}) {
  const { t } = useTranslation('advisors');
  const { t: tc } = useTranslation('complaints');
  const [languages, setLanguages] = useState<Language[]>(() => advisor.languages.filter((l) => isOneOf(LANGUAGES, l)));
  const [skills, setSkills] = useState(() => advisor.skills.filter((c) => isOneOf(COMPLAINT_CATEGORIES, c)));
  const [supervisorId, setSupervisorId] = useState<string>(advisor.supervisorId ?? '');
  const id = `skills-${advisor.userId}`;
  return (
    <Accordion.Item value={advisor.userId}>
      <Accordion.Control>{t('bo.skills.of', { name: advisor.name })}</Accordion.Control>
      <Accordion.Panel>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onSave({ languages, skills, supervisorId: supervisorId || null });
          }}
        >
          <CheckboxGroup
            id={`${id}-lang`}
            legend={t('bo.skills.languages')}
            options={LANGUAGES.map((l) => ({ value: l, label: t(`bo.skills.language.${l}`) }))}
            selected={languages}
            onChange={setLanguages}
          />
          <CheckboxGroup
            id={`${id}-skill`}
            legend={t('bo.skills.categories')}
            options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: tc(`categories.${c}`) }))}
            selected={skills}
            onChange={setSkills}
          />
          <NativeSelect
            id={`${id}-supervisor`}
            mb="sm"
            maw="24rem"
            label={
              <>
                {t('bo.skills.supervisor')}
                <span className="visually-hidden"> {advisor.name}</span>
              </>
            }
            value={supervisorId}
            onChange={(e) => setSupervisorId(e.currentTarget.value)}
            data={[{ value: '', label: t('bo.skills.noSupervisor') }, ...supervisors.map((u) => ({ value: u.id, label: u.name }))]}
          />
          <Button type="submit" loading={saving}>
            {t('bo.skills.save')}
            <span className="visually-hidden"> {advisor.name}</span>
          </Button>
        </form>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
