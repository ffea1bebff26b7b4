import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateUserBody, RoleDto } from '../../../../src/api/contract.ts';
import { createUser, findRoles, findUsers, isApiError, updateUser, type UserDto } from '../api.ts';
import { CheckboxGroup, ErrorSummary, issuesByField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { formatDateTime, permissionLabel, roleLabel } from '../format.ts';
import { asLanguage, currentLanguage, LANGUAGES } from '../i18n.ts';
import { queryKeys, useMe } from '../session.ts';
import { ForbiddenPage } from './errors.page.tsx';
import { allOf } from '../union.ts';

type Role = RoleDto['role'];
/** What the form sends: every field, the language included. */
type NewUser = Required<CreateUserBody>;

/** Used when /api/roles cannot be read, so the forms still offer the fixed set of roles. */
const KNOWN_ROLES = allOf<Role>()(['admin', 'agent', 'supervisor', 'dpo', 'ethics_officer', 'auditor']);

type Feedback = { kind: 'success' | 'error'; text: string } | null;

/** Users & roles (/app/users): list, create, change roles, disable and re-enable accounts. */
export function UsersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const usersQuery = useQuery({ queryKey: queryKeys.users, queryFn: findUsers });
  const rolesQuery = useQuery({ queryKey: queryKeys.roles, queryFn: findRoles });
  const [feedback, setFeedback] = useState<Feedback>(null);

  if (isApiError(usersQuery.error, 403)) return <ForbiddenPage message={usersQuery.error.message} />;

  const roleNames: readonly Role[] = rolesQuery.data?.map((r) => r.role) ?? KNOWN_ROLES;
  // Any user permission beyond reading (create, manage, …) means the server will accept new accounts.
  const canCreate = me.permissions.some((p) => p.startsWith('user:') && p !== 'user:read');

  return (
    <Page title={t('users.title')}>
      <p>{t('users.intro')}</p>
      <div role="status" className={feedback?.kind === 'success' ? 'alert alert-success' : 'visually-empty'}>
        {feedback?.kind === 'success' ? feedback.text : null}
      </div>
      <div role="alert" className={feedback?.kind === 'error' ? 'alert alert-error' : 'visually-empty'}>
        {feedback?.kind === 'error' ? feedback.text : null}
      </div>

      {usersQuery.isPending ? (
        <Loading />
      ) : usersQuery.isError ? (
        <LoadError error={usersQuery.error} onRetry={() => void usersQuery.refetch()} />
      ) : (
        <UsersTable users={usersQuery.data} roleNames={roleNames} onFeedback={setFeedback} />
      )}

      {canCreate ? <CreateUserForm roleNames={roleNames} onFeedback={setFeedback} /> : null}

      <RolesReference roles={rolesQuery.data} error={rolesQuery.error} pending={rolesQuery.isPending} />
    </Page>
  );
}

/**
 * `abilities.disable` answers "may this active account be disabled?" (never one's own); bringing
 * a disabled account back is an ordinary update.
 */
function canToggleStatus(user: UserDto): boolean {
  return user.status === 'active' ? user.abilities.disable : user.abilities.update;
}

function UsersTable({
  users,
  roleNames,
  onFeedback,
}: {
  users: UserDto[];
  roleNames: readonly Role[];
  onFeedback: (feedback: Feedback) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const lang = currentLanguage();
  const [editing, setEditing] = useState<string | null>(null);

  const setStatus = useMutation({
    mutationFn: (user: UserDto) => updateUser(user.id, { status: user.status === 'active' ? 'disabled' : 'active' }),
    onSuccess: (updated) => {
      onFeedback({
        kind: 'success',
        text: t(updated.status === 'active' ? 'users.enabled' : 'users.disabled', { name: updated.name }),
      });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
    onError: (error) => onFeedback({ kind: 'error', text: error.message }),
  });

  if (users.length === 0) return <p>{t('users.empty')}</p>;

  return (
    <div className="table-wrapper">
      <table>
        <caption>{t('users.tableCaption', { count: users.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.columns.name')}</th>
            <th scope="col">{t('users.columns.email')}</th>
            <th scope="col">{t('users.columns.roles')}</th>
            <th scope="col">{t('users.columns.language')}</th>
            <th scope="col">{t('users.columns.status')}</th>
            <th scope="col">{t('users.columns.lastLogin')}</th>
            <th scope="col">{t('users.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <Fragment key={user.id}>
              <tr>
                <th scope="row">{user.name}</th>
                <td>{user.email}</td>
                <td>{user.roles.map((role) => roleLabel(t, role)).join(', ') || t('users.noRole')}</td>
                <td>{t(`languages.${user.locale}`, { defaultValue: user.locale })}</td>
                <td>
                  <span className={`badge badge-${user.status}`}>{t(`users.status.${user.status}`)}</span>
                </td>
                <td>
                  {user.lastLoginAt ? (
                    <time dateTime={user.lastLoginAt}>{formatDateTime(user.lastLoginAt, lang)}</time>
                  ) : (
                    t('users.never')
                  )}
                </td>
                <td>
                  <div className="row-actions">
                    {user.abilities.update ? (
                      <button
                        type="button"
                        className="button-secondary"
                        aria-expanded={editing === user.id}
                        aria-controls={`roles-editor-${user.id}`}
                        onClick={() => setEditing(editing === user.id ? null : user.id)}
                      >
                        {t('users.editRoles')}
                        <span className="visually-hidden"> {user.name}</span>
                      </button>
                    ) : null}
                    {canToggleStatus(user) ? (
                      <button
                        type="button"
                        className={user.status === 'active' ? 'button-danger' : 'button-secondary'}
                        aria-disabled={setStatus.isPending || undefined}
                        onClick={() => {
                          if (!setStatus.isPending) setStatus.mutate(user);
                        }}
                      >
                        {t(user.status === 'active' ? 'users.disable' : 'users.enable')}
                        <span className="visually-hidden"> {user.name}</span>
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
              {editing === user.id ? (
                <tr className="editor-row">
                  <td colSpan={7} id={`roles-editor-${user.id}`}>
                    <RolesEditor
                      user={user}
                      roleNames={roleNames}
                      onDone={(updated) => {
                        setEditing(null);
                        if (updated)
                          onFeedback({ kind: 'success', text: t('users.rolesSaved', { name: updated.name }) });
                      }}
                    />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RolesEditor({
  user,
  roleNames,
  onDone,
}: {
  user: UserDto;
  roleNames: readonly Role[];
  onDone: (updated: UserDto | null) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const save = useMutation({
    mutationFn: () => updateUser(user.id, { roles }),
    onSuccess: (updated) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      onDone(updated);
    },
  });
  const issues = isApiError(save.error) ? issuesByField(save.error.issues) : {};
  const id = `edit-roles-${user.id}`;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <form className="form inline-form" onSubmit={onSubmit} noValidate>
      <ErrorSummary
        message={save.error?.message}
        fieldErrors={issues}
        fields={{ roles: { id: `${id}-${roleNames[0] ?? ''}`, label: t('users.rolesOf', { name: user.name }) } }}
      />
      <CheckboxGroup
        id={id}
        legend={t('users.rolesOf', { name: user.name })}
        options={roleNames.map((role) => ({ value: role, label: roleLabel(t, role) }))}
        selected={roles}
        onChange={setRoles}
        error={issues.roles}
      />
      <div className="form-actions">
        <button type="submit" className="button-primary" aria-disabled={save.isPending || undefined}>
          {t('users.saveRoles')}
        </button>
        <button type="button" className="button-secondary" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

const EMPTY_USER: NewUser = { email: '', name: '', password: '', roles: [], locale: 'fr' };

function CreateUserForm({ roleNames, onFeedback }: { roleNames: readonly Role[]; onFeedback: (feedback: Feedback) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<NewUser>(EMPTY_USER);
  const create = useMutation({
    mutationFn: () => createUser({ ...form, email: form.email.trim(), name: form.name.trim() }),
    onSuccess: (user) => {
      setForm(EMPTY_USER);
      onFeedback({ kind: 'success', text: t('users.created', { name: user.name, email: user.email }) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
  const error = create.error;
  const issues = isApiError(error) ? issuesByField(error.issues) : {};
  // 409 carries no issue list but is about one field: show it there too.
  if (isApiError(error, 409) && error.code === 'user.email_taken') issues.email ??= error.message;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  const set = <K extends keyof NewUser>(key: K, value: NewUser[K]) =>
    setForm((previous) => ({ ...previous, [key]: value }));

  return (
    <section aria-labelledby="create-user-title" className="panel">
      <h2 id="create-user-title">{t('users.createTitle')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={error?.message}
          fieldErrors={issues}
          fields={{
            email: { id: 'new-user-email', label: t('users.fields.email') },
            name: { id: 'new-user-name', label: t('users.fields.name') },
            password: { id: 'new-user-password', label: t('users.fields.password') },
            // Links to the first checkbox: a fieldset cannot take focus.
            roles: { id: `new-user-roles-${roleNames[0] ?? ''}`, label: t('users.fields.roles') },
            locale: { id: 'new-user-locale', label: t('users.fields.language') },
          }}
        />
        <TextField
          id="new-user-email"
          label={t('users.fields.email')}
          type="email"
          autoComplete="off"
          required
          value={form.email}
          onChange={(event) => set('email', event.currentTarget.value)}
          error={issues.email}
        />
        <TextField
          id="new-user-name"
          label={t('users.fields.name')}
          autoComplete="off"
          required
          value={form.name}
          onChange={(event) => set('name', event.currentTarget.value)}
          error={issues.name}
        />
        <TextField
          id="new-user-password"
          label={t('users.fields.password')}
          hint={t('users.fields.passwordHint')}
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={(event) => set('password', event.currentTarget.value)}
          error={issues.password}
        />
        <CheckboxGroup
          id="new-user-roles"
          legend={t('users.fields.roles')}
          options={roleNames.map((role) => ({ value: role, label: roleLabel(t, role) }))}
          selected={form.roles}
          onChange={(roles) => set('roles', roles)}
          error={issues.roles}
        />
        <div className="field">
          <label htmlFor="new-user-locale">{t('users.fields.language')}</label>
          <select
            id="new-user-locale"
            value={form.locale}
            onChange={(event) => set('locale', asLanguage(event.currentTarget.value) ?? form.locale)}
            aria-invalid={issues.locale ? true : undefined}
            aria-describedby={issues.locale ? 'new-user-locale-error' : undefined}
          >
            {LANGUAGES.map((lang) => (
              <option key={lang} value={lang}>
                {t(`languages.${lang}`)}
              </option>
            ))}
          </select>
          {issues.locale ? (
            <p id="new-user-locale-error" className="field-error">
              {issues.locale}
            </p>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={create.isPending || undefined}>
            {t('users.createSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function RolesReference({
  roles,
  error,
  pending,
}: {
  roles: RoleDto[] | undefined;
  error: Error | null;
  pending: boolean;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="roles-title" className="panel">
      <h2 id="roles-title">{t('users.rolesTitle')}</h2>
      <p>{t('users.rolesIntro')}</p>
      {pending ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} />
      ) : roles ? (
        <div className="table-wrapper">
          <table>
            <caption>{t('users.rolesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.columns.role')}</th>
                <th scope="col">{t('users.columns.permissions')}</th>
              </tr>
            </thead>
            <tbody>
              {roles.map((role) => (
                <tr key={role.role}>
                  <th scope="row">{roleLabel(t, role.role)}</th>
                  <td>
                    {role.permissions.length === 0 ? <span className="muted">{t('users.noPermission')}</span> : null}
                    <ul className="permission-list compact">
                      {role.permissions.map((permission) => (
                        <li key={permission}>
                          {permissionLabel(t, permission)} <code>{permission}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
