import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { logout, type MeDto } from '../api.ts';
import { ForbiddenPage } from '../pages/errors.page.tsx';
import { MeContext, queryKeys, useMe, useMeQuery } from '../session.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { LoadError, Loading } from './status.tsx';

/** The router's basename; server paths (`/app/users`) are turned into router paths (`/users`). */
export const APP_BASE = '/app';

/** Converts a server path under /app to a router path. */
export function toRouterPath(serverPath: string): string {
  const stripped = serverPath.startsWith(APP_BASE) ? serverPath.slice(APP_BASE.length) : serverPath;
  const trimmed = stripped.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The skip link to the main landmark (WCAG 2.4.1); first focusable element of every screen. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('shell.skipToContent')}
    </a>
  );
}

/** Guard and chrome of every signed-in screen: redirects to login when there is no session. */
export function AuthenticatedLayout() {
  const location = useLocation();
  const meQuery = useMeQuery();

  if (meQuery.isPending) return <Loading fullPage />;
  if (meQuery.isError) {
    return (
      <main id="main" tabIndex={-1} className="standalone">
        <LoadError error={meQuery.error} onRetry={() => void meQuery.refetch()} />
      </main>
    );
  }
  if (!meQuery.data) {
    const next = `${location.pathname}${location.search}`;
    const to = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return (
    <MeContext.Provider value={meQuery.data}>
      <SkipLink />
      <ShellHeader me={meQuery.data} />
      <div className="shell">
        <MainNav me={meQuery.data} />
        <main id="main" tabIndex={-1} className="content">
          <Outlet />
        </main>
      </div>
    </MeContext.Provider>
  );
}

function ShellHeader({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: logout,
    // Whatever the server answers, the user asked to leave: forget everything held in memory.
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, null);
      void navigate('/login', { replace: true });
    },
  });
  const roles = me.user.roles.map((role) => t(`roles.${role}`, { defaultValue: role })).join(', ');
  return (
    <header className="site-header">
      <div className="brand">
        <Link to="/" className="brand-link">
          Confiance
        </Link>
        <span className="org-name">{me.org.name}</span>
      </div>
      <div className="header-tools">
        <p className="user-info">
          <span className="user-name">{me.user.name}</span>
          <span className="user-roles">
            <span className="visually-hidden">{t('shell.rolesLabel')} </span>
            {roles}
          </span>
        </p>
        <Link to="/security" className="header-link">
          {t('shell.security')}
        </Link>
        <LanguageSwitch />
        <button
          type="button"
          className="button-secondary"
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          {t('shell.logout')}
        </button>
      </div>
    </header>
  );
}

function MainNav({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  return (
    <nav className="main-nav" aria-label={t('shell.mainNav')}>
      <ul>
        {me.nav.map((entry) => {
          const to = toRouterPath(entry.path);
          return (
            <li key={entry.id}>
              <NavLink to={to} end={to === '/'}>
                {t(entry.labelKey, { defaultValue: entry.id })}
              </NavLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/**
 * Shows the page only when the server lists it in the user's navigation (the server decides
 * who may see what; the API enforces it again on every call).
 */
export function RequireNav({ path, children }: { path: string; children: ReactNode }) {
  const me = useMe();
  const allowed = me.nav.some((entry) => toRouterPath(entry.path) === path);
  return allowed ? children : <ForbiddenPage />;
}
