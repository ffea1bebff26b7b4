import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateTokenBody } from '../../../../src/api/contract.ts';
import { createToken, findTokens, isApiError, revokeToken, type CreatedTokenDto, type TokenDto } from '../api.ts';
import { CheckboxGroup, ErrorSummary, issuesByField, TextField } from '../components/form.tsx';
import { Page } from '../components/page.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { formatDateTime, permissionLabel } from '../format.ts';
import { currentLanguage } from '../i18n.ts';
import { queryKeys, useMe } from '../session.ts';
import { ForbiddenPage } from './errors.page.tsx';

const DEFAULT_EXPIRY_DAYS = 90;

/** API tokens (/app/tokens): list, create (secret shown once), revoke. */
export function TokensPage() {
  const { t } = useTranslation();
  const tokensQuery = useQuery({ queryKey: queryKeys.tokens, queryFn: findTokens });
  const [created, setCreated] = useState<CreatedTokenDto | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (isApiError(tokensQuery.error, 403)) return <ForbiddenPage message={tokensQuery.error.message} />;

  return (
    <Page title={t('tokens.title')}>
      <p>{t('tokens.intro')}</p>
      <div role="status" className={message ? 'alert alert-success' : 'visually-empty'}>
        {message}
      </div>

      {created ? <NewTokenSecret created={created} onDismiss={() => setCreated(null)} /> : null}

      {tokensQuery.isPending ? (
        <Loading />
      ) : tokensQuery.isError ? (
        <LoadError error={tokensQuery.error} onRetry={() => void tokensQuery.refetch()} />
      ) : (
        <TokensTable
          tokens={tokensQuery.data}
          onRevoked={(token) => setMessage(t('tokens.revoked', { name: token.name }))}
        />
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
    <section aria-labelledby="new-token-title" className="panel panel-highlight">
      <h2 id="new-token-title" ref={heading} tabIndex={-1}>
        {t('tokens.secret.title', { name: created.item.name })}
      </h2>
      <p id="new-token-warning">{t('tokens.secret.warning')}</p>
      <div className="field">
        <label htmlFor="new-token-secret">{t('tokens.secret.label')}</label>
        <div className="copy-row">
          <input
            ref={input}
            id="new-token-secret"
            className="secret"
            readOnly
            value={created.token}
            aria-describedby="new-token-warning"
            spellCheck={false}
            autoComplete="off"
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" className="button-primary" onClick={() => void onCopy()}>
            {t('tokens.secret.copy')}
          </button>
        </div>
        <p role="status" className="hint">
          {copy === 'done' ? t('tokens.secret.copied') : copy === 'failed' ? t('tokens.secret.copyFailed') : null}
        </p>
      </div>
      <button type="button" className="button-secondary" onClick={onDismiss}>
        {t('tokens.secret.dismiss')}
      </button>
    </section>
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
    iso ? <time dateTime={iso}>{formatDateTime(iso, lang)}</time> : <span className="muted">{fallback}</span>;

  return (
    <>
      <div role="alert" className={revoke.isError ? 'alert alert-error' : 'visually-empty'}>
        {revoke.isError ? revoke.error.message : null}
      </div>
      {tokens.length === 0 ? (
        <p>{t('tokens.empty')}</p>
      ) : (
        <div className="table-wrapper">
          <table>
            <caption>{t('tokens.tableCaption', { count: tokens.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tokens.columns.name')}</th>
                <th scope="col">{t('tokens.columns.prefix')}</th>
                <th scope="col">{t('tokens.columns.scopes')}</th>
                <th scope="col">{t('tokens.columns.created')}</th>
                <th scope="col">{t('tokens.columns.expires')}</th>
                <th scope="col">{t('tokens.columns.lastUsed')}</th>
                <th scope="col">{t('tokens.columns.status')}</th>
                <th scope="col">{t('tokens.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => {
                const status = tokenStatus(token);
                return (
                  <tr key={token.id}>
                    <th scope="row">{token.name}</th>
                    <td>
                      <code>{token.prefix}…</code>
                    </td>
                    <td>
                      <ul className="scope-list">
                        {token.scopes.map((scope) => (
                          <li key={scope}>
                            <code>{scope}</code>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{date(token.createdAt, '')}</td>
                    <td>{date(token.expiresAt, t('tokens.noExpiry'))}</td>
                    <td>{date(token.lastUsedAt, t('tokens.neverUsed'))}</td>
                    <td>
                      <span className={`badge badge-${status}`}>{t(`tokens.status.${status}`)}</span>
                    </td>
                    <td>
                      {status === 'revoked' ? null : confirming === token.id ? (
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button-danger"
                            aria-disabled={revoke.isPending || undefined}
                            onClick={() => {
                              if (!revoke.isPending) revoke.mutate(token);
                            }}
                          >
                            {t('tokens.confirmRevoke')}
                            <span className="visually-hidden"> {token.name}</span>
                          </button>
                          <button type="button" className="button-secondary" onClick={() => setConfirming(null)}>
                            {t('common.cancel')}
                          </button>
                        </div>
                      ) : (
                        <button type="button" className="button-secondary" onClick={() => setConfirming(token.id)}>
                          {t('tokens.revoke')}
                          <span className="visually-hidden"> {token.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
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
    mutationFn: () =>
      createToken({ name: name.trim(), scopes, expiresInDays: expiry.trim() === '' ? null : Number(expiry) }),
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
    <section aria-labelledby="create-token-title" className="panel">
      <h2 id="create-token-title">{t('tokens.createTitle')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
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
        <CheckboxGroup
          id="new-token-scopes"
          legend={t('tokens.fields.scopes')}
          hint={t('tokens.fields.scopesHint')}
          options={me.permissions.map((permission) => ({
            value: permission,
            label: (
              <>
                {permissionLabel(t, permission)} <code>{permission}</code>
              </>
            ),
          }))}
          selected={scopes}
          onChange={setScopes}
          error={issues.scopes}
        />
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
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={create.isPending || undefined}>
            {t('tokens.createSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
