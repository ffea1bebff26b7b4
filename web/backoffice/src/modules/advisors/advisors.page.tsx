import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
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
    onSuccess: (r) => (setFeedback({ ok: true, text: t('bo.handedOver', { customers: r.customers, complaints: r.complaints }) }), refresh()),
    onError: (e) => setFeedback({ ok: false, text: e.message }),
  });
  const [targets, setTargets] = useState<Record<string, string>>({});

  return (
    <Page title={t('bo.title')}>
      <p>{t('bo.intro')}</p>
      <div role="status" className={feedback?.ok ? 'alert alert-success' : 'visually-empty'}>
        {feedback?.ok ? feedback.text : null}
      </div>
      <div role="alert" className={feedback && !feedback.ok ? 'alert alert-error' : 'visually-empty'}>
        {feedback && !feedback.ok ? feedback.text : null}
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="table-wrapper">
          <table>
            <caption>{t('bo.caption', { count: query.data.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo.columns.name')}</th>
                <th scope="col">{t('bo.columns.customers')}</th>
                <th scope="col">{t('bo.columns.status')}</th>
                <th scope="col">{t('bo.columns.deputy')}</th>
                {canManage ? <th scope="col">{t('bo.columns.handover')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {query.data.map((a: AdvisorDto) => {
                const others = query.data.filter((o) => o.userId !== a.userId && o.active);
                return (
                  <tr key={a.userId}>
                    <th scope="row">{a.name}</th>
                    <td>{a.customers}</td>
                    <td>
                      {canManage && a.status !== 'left' ? (
                        <select aria-label={t('bo.statusOf', { name: a.name })} value={a.status} onChange={(e) => update.mutate({ id: a.userId, body: { status: e.currentTarget.value as AdvisorDto['status'] } })}>
                          <option value="active">{t('bo.status.active')}</option>
                          <option value="absent">{t('bo.status.absent')}</option>
                        </select>
                      ) : (
                        t(`bo.status.${a.status}`)
                      )}
                    </td>
                    <td>
                      {canManage ? (
                        <select aria-label={t('bo.deputyOf', { name: a.name })} value={a.deputyId ?? ''} onChange={(e) => update.mutate({ id: a.userId, body: { deputyId: e.currentTarget.value || null } })}>
                          <option value="">{t('bo.noDeputy')}</option>
                          {others.map((o) => (
                            <option key={o.userId} value={o.userId}>
                              {o.name}
                            </option>
                          ))}
                        </select>
                      ) : (
                        (query.data.find((o) => o.userId === a.deputyId)?.name ?? t('bo.noDeputy'))
                      )}
                    </td>
                    {canManage ? (
                      <td>
                        <div className="row-actions">
                          <select aria-label={t('bo.handoverTo', { name: a.name })} value={targets[a.userId] ?? ''} onChange={(e) => setTargets({ ...targets, [a.userId]: e.currentTarget.value })}>
                            <option value="">{t('bo.choose')}</option>
                            {others.map((o) => (
                              <option key={o.userId} value={o.userId}>
                                {o.name}
                              </option>
                            ))}
                          </select>
                          <button type="button" className="button-secondary" disabled={!targets[a.userId]} onClick={() => handover.mutate({ from: a.userId, to: targets[a.userId] ?? '' })}>
                            {t('bo.handover')}
                            <span className="visually-hidden"> {a.name}</span>
                          </button>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {canManage && query.data ? (
        <section aria-labelledby="advisor-skills">
          <h2 id="advisor-skills">{t('bo.skills.title')}</h2>
          <p>{t('bo.skills.intro')}</p>
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
        </section>
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
  const [skills, setSkills] = useState<string[]>(advisor.skills);
  const [supervisorId, setSupervisorId] = useState<string>(advisor.supervisorId ?? '');
  const toggle = <V extends string>(list: V[], value: V, on: boolean): V[] => (on ? [...list, value] : list.filter((v) => v !== value));
  const id = `skills-${advisor.userId}`;
  return (
    <details>
      <summary>{t('bo.skills.of', { name: advisor.name })}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave({ languages, skills, supervisorId: supervisorId || null });
        }}
      >
        <fieldset>
          <legend>{t('bo.skills.languages')}</legend>
          {LANGUAGES.map((l) => (
            <div key={l} className="checkbox">
              <input id={`${id}-lang-${l}`} type="checkbox" checked={languages.includes(l)} onChange={(e) => setLanguages(toggle(languages, l, e.currentTarget.checked))} />
              <label htmlFor={`${id}-lang-${l}`}>{t(`bo.skills.language.${l}`)}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('bo.skills.categories')}</legend>
          {COMPLAINT_CATEGORIES.map((c) => (
            <div key={c} className="checkbox">
              <input id={`${id}-skill-${c}`} type="checkbox" checked={skills.includes(c)} onChange={(e) => setSkills(toggle(skills, c, e.currentTarget.checked))} />
              <label htmlFor={`${id}-skill-${c}`}>{tc(`categories.${c}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-supervisor`}>
            {t('bo.skills.supervisor')}
            <span className="visually-hidden"> {advisor.name}</span>
          </label>
          <select id={`${id}-supervisor`} value={supervisorId} onChange={(e) => setSupervisorId(e.currentTarget.value)}>
            <option value="">{t('bo.skills.noSupervisor')}</option>
            {supervisors.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={saving}>
          {t('bo.skills.save')}
          <span className="visually-hidden"> {advisor.name}</span>
        </button>
      </form>
    </details>
  );
}
