import { Alert, Button, Checkbox, Code, Fieldset, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateTokenBody } from '../../../../src/api/contract.ts';
import { createToken, findTokens, isApiError, revokeToken, type CreatedTokenDto, type TokenDto } from '../api.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorSummary, FieldError, fieldErrorMessage, issuesByField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { Panel } from '../components/panel.tsx';
import { StatusBadge, type Tone } from '../components/status-badge.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { formatDateTime } from '../format.ts';
import { currentLanguage } from '../i18n.ts';
import { queryKeys, useMe } from '../session.ts';
import { ForbiddenPage } from './errors.page.tsx';

const DEFAULT_EXPIRY_DAYS = 90;
type Scope = CreateTokenBody['scopes'][number];

/**
 * Starting points for the scopes of a token, each cut down to the creator's own permissions:
 * read-only (every "read" scope), an integration that files complaints and records consents and
 * contacts, and a metrics scraper. The admin still sees and can change every box.
 */
const PRESETS: Record<'readOnly' | 'integration' | 'metrics', (scope: string) => boolean> = {
  readOnly: (scope) => scope.endsWith(':read'),
  integration: (scope) =>
    [
      'complaint:create',
      'complaint:read',
      'consent:read',
      'consent:record',
      'contact:check',
      'contact:record',
      'message:check',
      'dsr:create',
    ].includes(scope),
  metrics: (scope) => ['system:metrics', 'kpi:read'].includes(scope),
};

/** Scopes grouped by the resource they act on ("Complaints": read, create, …), in the order given. */
function groupScopes<S extends string>(t: TFunction, scopes: readonly S[]): Array<{ resource: string; label: string; scopes: S[] }> {
  const groups = new Map<string, S[]>();
  for (const scope of scopes) {
    const resource = scope.split(':')[0] ?? scope;
    groups.set(resource, [...(groups.get(resource) ?? []), scope]);
  }
  return [...groups.entries()].map(([resource, list]) => ({
    resource,
    label: t(`resources.${resource}`, { defaultValue: resource }),
    scopes: list,
  }));
}

/** API tokens (/app/tokens): list, create (secret shown once), revoke. */
export function TokensPage() {
  const { t } = useTranslation();
  const tokensQuery = useQuery({ queryKey: queryKeys.tokens, queryFn: findTokens });
  const [created, setCreated] = useState<CreatedTokenDto | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (isApiError(tokensQuery.error, 403)) return <ForbiddenPage message={tokensQuery.error.message} />;

  return (
    <Page title={t('tokens.title')}>
      <Text mb="md" maw="48rem">
        {t('tokens.intro')}
      </Text>
      <div role="status">
        {message ? (
          <Alert color="green" mb="md">
            {message}
          </Alert>
        ) : null}
      </div>

      {created ? <NewTokenSecret created={created} onDismiss={() => setCreated(null)} /> : null}

      {tokensQuery.isPending ? (
        <Loading />
      ) : tokensQuery.isError ? (
        <LoadError error={tokensQuery.error} onRetry={() => void tokensQuery.refetch()} />
      ) : (
        <TokensTable tokens={tokensQuery.data} onRevoked={(token) => setMessage(t('tokens.revoked', { name: token.name }))} />
      )}

      <CreateTokenForm
        onCreated={(result) => {
          setMessage(null);
          setCreated(result);
        }}
      />
    </Page>
  );
}

/**
 * The secret of a token just created. The server keeps only its hash, so this is the one chance
 * to copy it; the panel takes focus so screen-reader users do not miss it.
 */
function NewTokenSecret({ created, onDismiss }: { created: CreatedTokenDto; onDismiss: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'done' | 'failed'>('idle');
  useEffect(() => heading.current?.focus(), [created.token]);

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopy('done');
    } catch {
      // Clipboard access can be refused (permissions, insecure context): select the text instead.
      input.current?.select();
      setCopy('failed');
    }
  };

  return (
    <Alert color="brand" variant="outline" mb="md" component="section" aria-labelledby="new-token-title">
      <Title order={2} id="new-token-title" ref={heading} tabIndex={-1} mb="xs">
        {t('tokens.secret.title', { name: created.item.name })}
      </Title>
      <Text id="new-token-warning" mb="sm">
        {t('tokens.secret.warning')}
      </Text>
      <Group align="flex-end" gap="xs" wrap="wrap" mb="xs">
        <TextInput
          ref={input}
          id="new-token-secret"
          label={t('tokens.secret.label')}
          readOnly
          value={created.token}
          aria-describedby="new-token-warning"
          spellCheck={false}
          autoComplete="off"
          ff="monospace"
          onFocus={(event) => event.currentTarget.select()}
          flex="1 1 20rem"
        />
        <Button onClick={() => void onCopy()}>{t('tokens.secret.copy')}</Button>
      </Group>
      <Text role="status" size="sm" c="dimmed" mb="sm">
        {copy === 'done' ? t('tokens.secret.copied') : copy === 'failed' ? t('tokens.secret.copyFailed') : null}
      </Text>
      <Button variant="default" onClick={onDismiss}>
        {t('tokens.secret.dismiss')}
      </Button>
    </Alert>
  );
}

function tokenStatus(token: TokenDto): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

function TokensTable({ tokens, onRevoked }: { tokens: TokenDto[]; onRevoked: (token: TokenDto) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const lang = currentLanguage();
  // Revocation is irreversible, so it takes a second, explicit click on the same row.
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (token: TokenDto) => revokeToken(token.id),
    onSuccess: (_data, token) => {
      setConfirming(null);
      onRevoked(token);
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
    },
  });
  const date = (iso: string | null, fallback: string) =>
    iso ? (
      <time dateTime={iso}>{formatDateTime(iso, lang)}</time>
    ) : (
      <Text span size="sm" c="dimmed">
        {fallback}
      </Text>
    );
  const target = tokens.find((token) => token.id === confirming);

  return (
    <Panel id="tokens-title" title={t('tokens.listTitle')}>
      <ErrorSummary message={revoke.isError ? revoke.error.message : undefined} />
      <DataTable
        caption={t('tokens.tableCaption', { count: tokens.length })}
        rows={tokens}
        rowKey={(token) => token.id}
        empty={<EmptyState title={t('tokens.empty')} />}
        columns={[
          { key: 'name', header: t('tokens.columns.name'), cell: (token) => token.name, sortValue: (token) => token.name },
          { key: 'status', header: t('tokens.columns.status'), cell: (token) => <TokenBadge status={tokenStatus(token)} /> },
          { key: 'prefix', header: t('tokens.columns.prefix'), cell: (token) => <code>{token.prefix}…</code>, nowrap: true },
          {
            key: 'scopes',
            header: t('tokens.columns.scopes'),
            cell: (token) => (
              <Text size="sm">
                {groupScopes(t, token.scopes)
                  .map((g) => `${g.label} (${g.scopes.map((s) => t(`actions.${s.split(':')[1] ?? ''}`, { defaultValue: s })).join(', ')})`)
                  .join(' · ')}
              </Text>
            ),
          },
          {
            key: 'created',
            header: t('tokens.columns.created'),
            cell: (token) => date(token.createdAt, ''),
            sortValue: (token) => token.createdAt,
            nowrap: true,
          },
          {
            key: 'expires',
            header: t('tokens.columns.expires'),
            cell: (token) => date(token.expiresAt, t('tokens.noExpiry')),
            sortValue: (token) => token.expiresAt,
            nowrap: true,
          },
          {
            key: 'lastUsed',
            header: t('tokens.columns.lastUsed'),
            cell: (token) => date(token.lastUsedAt, t('tokens.neverUsed')),
            sortValue: (token) => token.lastUsedAt,
            nowrap: true,
          },
        ]}
        actionsHeader={t('tokens.columns.actions')}
        actions={(token) =>
          tokenStatus(token) === 'revoked' ? null : (
            <Button variant="default" color="red" size="xs" onClick={() => setConfirming(token.id)}>
              {t('tokens.revoke')}
              <span className="visually-hidden"> {token.name}</span>
            </Button>
          )
        }
      />
      <ConfirmDialog
        opened={Boolean(target)}
        title={t('tokens.confirmTitle', { name: target?.name ?? '' })}
        confirmLabel={t('tokens.confirmRevoke')}
        danger
        pending={revoke.isPending}
        onConfirm={() => target && !revoke.isPending && revoke.mutate(target)}
        onClose={() => setConfirming(null)}
      >
        <Text>{t('tokens.confirmText')}</Text>
      </ConfirmDialog>
    </Panel>
  );
}

const TOKEN_TONE: Record<ReturnType<typeof tokenStatus>, Tone> = { active: 'success', expired: 'neutral', revoked: 'danger' };

function TokenBadge({ status }: { status: ReturnType<typeof tokenStatus> }) {
  const { t } = useTranslation();
  return <StatusBadge tone={TOKEN_TONE[status]}>{t(`tokens.status.${status}`)}</StatusBadge>;
}

function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedTokenDto) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<CreateTokenBody['scopes']>([]);
  const [expiry, setExpiry] = useState(String(DEFAULT_EXPIRY_DAYS));
  const create = useMutation({
    // An empty expiry means "never expires", which the API expresses as null.
    mutationFn: () => createToken({ name: name.trim(), scopes, expiresInDays: expiry.trim() === '' ? null : Number(expiry) }),
    onSuccess: (result) => {
      setName('');
      setScopes([]);
      setExpiry(String(DEFAULT_EXPIRY_DAYS));
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
      onCreated(result);
    },
  });
  const issues = isApiError(create.error) ? issuesByField(create.error.issues) : {};
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  return (
    <Panel id="create-token-title" title={t('tokens.createTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary
          message={create.error?.message}
          fieldErrors={issues}
          fields={{
            name: { id: 'new-token-name', label: t('tokens.fields.name') },
            // Links to the first checkbox: a fieldset cannot take focus.
            scopes: { id: `new-token-scopes-${me.permissions[0] ?? ''}`, label: t('tokens.fields.scopes') },
            expiresInDays: { id: 'new-token-expiry', label: t('tokens.fields.expiry') },
          }}
        />
        <TextField
          id="new-token-name"
          label={t('tokens.fields.name')}
          hint={t('tokens.fields.nameHint')}
          required
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={issues.name}
        />
        <ScopePicker scopes={me.permissions} selected={scopes} onChange={setScopes} error={issues.scopes} />
        <TextField
          id="new-token-expiry"
          label={t('tokens.fields.expiry')}
          hint={t('tokens.fields.expiryHint')}
          type="number"
          inputMode="numeric"
          min={1}
          max={366}
          value={expiry}
          onChange={(event) => setExpiry(event.currentTarget.value)}
          error={issues.expiresInDays}
        />
        <Button type="submit" loading={create.isPending}>
          {t('tokens.createSubmit')}
        </Button>
      </form>
    </Panel>
  );
}

/**
 * The scopes of a new token: presets to start from, then one box per scope grouped by the
 * resource it acts on, in columns, instead of a flat list of every permission.
 */
function ScopePicker({
  scopes,
  selected,
  onChange,
  error,
}: {
  scopes: readonly Scope[];
  selected: Scope[];
  onChange: (scopes: Scope[]) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const toggle = (scope: Scope, checked: boolean) => onChange(checked ? [...selected, scope] : selected.filter((s) => s !== scope));
  return (
    <Fieldset
      id="new-token-scopes"
      legend={t('tokens.fields.scopes')}
      variant="unstyled"
      mb="sm"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? 'new-token-scopes-hint new-token-scopes-error' : 'new-token-scopes-hint'}
    >
      <Text id="new-token-scopes-hint" size="sm" c="dimmed" mb="xs">
        {t('tokens.fields.scopesHint')}
      </Text>
      <Group gap="xs" mb="sm" role="group" aria-label={t('tokens.presets.label')}>
        <Text size="sm" fw={600}>
          {t('tokens.presets.label')}
        </Text>
        {(Object.keys(PRESETS) as Array<keyof typeof PRESETS>).map((preset) => {
          const picked = scopes.filter(PRESETS[preset]);
          return picked.length === 0 ? null : (
            <Button key={preset} size="xs" variant="light" onClick={() => onChange(picked)}>
              {t(`tokens.presets.${preset}`)}
            </Button>
          );
        })}
        <Button size="xs" variant="subtle" onClick={() => onChange([])}>
          {t('tokens.presets.none')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm">
        {groupScopes(t, scopes).map((group) => (
          <Fieldset key={group.resource} legend={group.label} p="xs">
            <Stack gap={4}>
              {group.scopes.map((scope) => (
                <Checkbox
                  key={scope}
                  id={`new-token-scopes-${scope}`}
                  checked={selected.includes(scope)}
                  onChange={(event) => toggle(scope, event.currentTarget.checked)}
                  label={
                    <>
                      {t(`actions.${scope.split(':')[1] ?? ''}`, { defaultValue: scope })} <Code fz="xs">{scope}</Code>
                    </>
                  }
                />
              ))}
            </Stack>
          </Fieldset>
        ))}
      </SimpleGrid>
      <FieldError
        id="new-token-scopes-error"
        message={error ? fieldErrorMessage(t, t('tokens.fields.scopes'), error) : undefined}
      />
    </Fieldset>
  );
}
