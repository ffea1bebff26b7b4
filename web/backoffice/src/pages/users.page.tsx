import { Alert, Button, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateUserBody, RoleDto } from '../../../../src/api/contract.ts';
import { createUser, findRoles, findUsers, isApiError, resendInvitation, updateUser, type UserDto } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { CheckboxGroup, ErrorSummary, issuesByField, Select, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Panel } from '../components/panel.tsx';
import { StatusBadge, type Tone } from '../components/status-badge.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { formatDateTime, groupPermissions, roleLabel } from '../format.ts';
import { currentLanguage, LANGUAGES } from '../i18n.ts';
import { queryKeys, useMe } from '../session.ts';
import { ForbiddenPage } from './errors.page.tsx';
import { allOf } from '../union.ts';

type Role = RoleDto['role'];
/**
 * What the form sends: every field, the language included, but never a password: the person is
 * invited by e-mail and chooses it (the API keeps `password` for scripted provisioning only).
 */
type NewUser = Required<Omit<CreateUserBody, 'password'>>;
type InvitationState = NonNullable<UserDto['invitation']>['state'];

const INVITATION_TONE: Record<InvitationState, Tone> = { pending: 'warning', accepted: 'success', expired: 'danger' };

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
      <Text mb="md" maw="48rem">
        {t('users.intro')}
      </Text>
      <div role="status">
        {feedback?.kind === 'success' ? (
          <Alert color="green" mb="md">
            {feedback.text}
          </Alert>
        ) : null}
      </div>
      <div role="alert">
        {feedback?.kind === 'error' ? (
          <Alert color="red" mb="md">
            {feedback.text}
          </Alert>
        ) : null}
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

  const resend = useMutation({
    mutationFn: (user: UserDto) => resendInvitation(user.id),
    onSuccess: (updated) => {
      onFeedback({ kind: 'success', text: t('users.resent', { name: updated.name }) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
    onError: (error) => onFeedback({ kind: 'error', text: error.message }),
  });

  const editingUser = users.find((user) => user.id === editing);
  return (
    <Panel id="users-title" title={t('users.listTitle')}>
      <DataTable
        caption={t('users.tableCaption', { count: users.length })}
        rows={users}
        rowKey={(user) => user.id}
        stickyFirstColumn
        empty={<EmptyState title={t('users.empty')} />}
        sort={{ key: 'name', direction: 'ascending' }}
        columns={[
          { key: 'name', header: t('users.columns.name'), cell: (user) => user.name, sortValue: (user) => user.name, nowrap: true },
          { key: 'email', header: t('users.columns.email'), cell: (user) => user.email, sortValue: (user) => user.email },
          {
            key: 'roles',
            header: t('users.columns.roles'),
            cell: (user) => user.roles.map((role) => roleLabel(t, role)).join(', ') || t('users.noRole'),
          },
          {
            key: 'language',
            header: t('users.columns.language'),
            cell: (user) => t(`languages.${user.locale}`, { defaultValue: user.locale }),
          },
          {
            key: 'status',
            header: t('users.columns.status'),
            cell: (user) => (
              <StatusBadge tone={user.status === 'active' ? 'success' : 'neutral'}>{t(`users.status.${user.status}`)}</StatusBadge>
            ),
            sortValue: (user) => user.status,
          },
          {
            key: 'invitation',
            header: t('users.columns.invitation'),
            cell: (user) => <InvitationCell user={user} />,
            sortValue: (user) => user.invitation?.state ?? '',
          },
          {
            key: 'lastLogin',
            header: t('users.columns.lastLogin'),
            cell: (user) =>
              user.lastLoginAt ? <time dateTime={user.lastLoginAt}>{formatDateTime(user.lastLoginAt, lang)}</time> : t('users.never'),
            sortValue: (user) => user.lastLoginAt,
            nowrap: true,
          },
        ]}
        actionsHeader={t('users.columns.actions')}
        actions={(user) => (
          <Group gap="xs" wrap="nowrap" justify="flex-end">
            {user.abilities.update ? (
              <Button size="xs" variant="default" onClick={() => setEditing(user.id)}>
                {t('users.editRoles')}
                <span className="visually-hidden"> {user.name}</span>
              </Button>
            ) : null}
            {user.abilities.resendInvitation ? (
              <Button
                size="xs"
                variant="default"
                loading={resend.isPending && resend.variables.id === user.id}
                onClick={() => {
                  if (!resend.isPending) resend.mutate(user);
                }}
              >
                {t('users.resend')}
                <span className="visually-hidden"> {user.name}</span>
              </Button>
            ) : null}
            {canToggleStatus(user) ? (
              <Button
                size="xs"
                variant="default"
                color={user.status === 'active' ? 'red' : undefined}
                loading={setStatus.isPending && setStatus.variables.id === user.id}
                onClick={() => {
                  if (!setStatus.isPending) setStatus.mutate(user);
                }}
              >
                {t(user.status === 'active' ? 'users.disable' : 'users.enable')}
                <span className="visually-hidden"> {user.name}</span>
              </Button>
            ) : null}
          </Group>
        )}
      />
      <Modal
        opened={Boolean(editingUser)}
        onClose={() => setEditing(null)}
        title={editingUser ? t('users.rolesOf', { name: editingUser.name }) : ''}
        closeButtonProps={{ 'aria-label': t('ui.confirm.close') }}
      >
        {editingUser ? (
          <RolesEditor
            user={editingUser}
            roleNames={roleNames}
            onDone={(updated) => {
              setEditing(null);
              if (updated) onFeedback({ kind: 'success', text: t('users.rolesSaved', { name: updated.name }) });
            }}
          />
        ) : null}
      </Modal>
    </Panel>
  );
}

/** Where the e-mailed invitation stands, and until when its link works (or since when it does not). */
function InvitationCell({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const invitation = user.invitation;
  if (!invitation) {
    return (
      <Text span size="sm" c="dimmed">
        {t('users.invitation.none')}
      </Text>
    );
  }
  const date = formatDateTime(invitation.expiresAt, lang);
  return (
    <Stack gap={2} align="flex-start">
      <StatusBadge tone={INVITATION_TONE[invitation.state]}>{t(`users.invitation.${invitation.state}`)}</StatusBadge>
      {invitation.state === 'accepted' ? null : (
        <Text span size="xs">
          <time dateTime={invitation.expiresAt}>{t(invitation.state === 'pending' ? 'users.invitation.until' : 'users.invitation.expiredOn', { date })}</time>
        </Text>
      )}
    </Stack>
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
    <form onSubmit={onSubmit} noValidate>
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
      <Group gap="sm" justify="flex-end">
        <Button variant="default" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={save.isPending}>
          {t('users.saveRoles')}
        </Button>
      </Group>
    </form>
  );
}

const EMPTY_USER: NewUser = { email: '', name: '', roles: [], locale: 'fr' };

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
  const set = <K extends keyof NewUser>(key: K, value: NewUser[K]) => setForm((previous) => ({ ...previous, [key]: value }));

  return (
    <Panel id="create-user-title" title={t('users.createTitle')}>
      <Text size="sm" mb="sm" maw="48rem">
        {t('users.createIntro')}
      </Text>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={error?.message}
          fieldErrors={issues}
          fields={{
            email: { id: 'new-user-email', label: t('users.fields.email') },
            name: { id: 'new-user-name', label: t('users.fields.name') },
            // Links to the first checkbox: a fieldset cannot take focus.
            roles: { id: `new-user-roles-${roleNames[0] ?? ''}`, label: t('users.fields.roles') },
            locale: { id: 'new-user-locale', label: t('users.fields.language') },
          }}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing={0}>
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
        </SimpleGrid>
        <CheckboxGroup
          id="new-user-roles"
          legend={t('users.fields.roles')}
          options={roleNames.map((role) => ({ value: role, label: roleLabel(t, role) }))}
          selected={form.roles}
          onChange={(roles) => set('roles', roles)}
          error={issues.roles}
        />
        <Select
          id="new-user-locale"
          label={t('users.fields.language')}
          value={form.locale}
          onChange={(locale) => set('locale', locale)}
          options={LANGUAGES}
          labelOf={(lang) => t(`languages.${lang}`)}
          error={issues.locale}
        />
        <Button type="submit" loading={create.isPending}>
          {t('users.createSubmit')}
        </Button>
      </form>
    </Panel>
  );
}

function RolesReference({ roles, error, pending }: { roles: RoleDto[] | undefined; error: Error | null; pending: boolean }) {
  const { t } = useTranslation();
  return (
    <Panel id="roles-title" title={t('users.rolesTitle')}>
      <Text size="sm" mb="sm">
        {t('users.rolesIntro')}
      </Text>
      {pending ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} />
      ) : roles ? (
        <DataTable
          caption={t('users.rolesCaption')}
          rows={roles}
          rowKey={(role) => role.role}
          columns={[
            { key: 'role', header: t('users.columns.role'), cell: (role) => roleLabel(t, role.role), nowrap: true },
            {
              key: 'permissions',
              header: t('users.columns.permissions'),
              cell: (role) =>
                role.permissions.length === 0 ? (
                  <Text span size="sm" c="dimmed">
                    {t('users.noPermission')}
                  </Text>
                ) : (
                  <Text size="sm">
                    {groupPermissions(t, role.permissions)
                      .map(([resource, actions]) => `${resource} (${actions.join(', ')})`)
                      .join(' · ')}
                  </Text>
                ),
            },
          ]}
        />
      ) : null}
    </Panel>
  );
}
