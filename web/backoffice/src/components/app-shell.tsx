import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppShell, Burger, Button, Container, Group, Menu, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { logout, type MeDto } from '../api.ts';
import { ForbiddenPage } from '../pages/errors.page.tsx';
import { MeContext, queryKeys, useMe, useMeQuery } from '../session.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { activeNavPath, PageNavContext, useDeclareNav, type PageNav } from './page-nav.ts';
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
    <a className="cf-skip-link" href="#main">
      {t('shell.skipToContent')}
    </a>
  );
}

/** Navigation groups, by the module an entry comes from; an unknown module goes last. */
const NAV_GROUPS: Record<string, 'work' | 'privacy' | 'admin'> = {
  complaints: 'work',
  advisors: 'work',
  offers: 'work',
  privacy: 'privacy',
  consents: 'privacy',
  breaches: 'privacy',
  register: 'privacy',
  retention: 'privacy',
  users: 'admin',
  tokens: 'admin',
  'audit-log': 'admin',
};
const GROUP_ORDER = ['work', 'privacy', 'admin', 'other'] as const;

/**
 * Guard and chrome of every signed-in screen (Mantine AppShell): header with the organisation,
 * language and account menu; navigation grouped by module, showing only what the user may open;
 * a burger under 48em. Redirects to sign-in when there is no session.
 */
export function AuthenticatedLayout() {
  const location = useLocation();
  const meQuery = useMeQuery();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const [pageNav, setPageNav] = useState<PageNav>({ path: undefined, refusals: 0 });
  const { t } = useTranslation();

  if (meQuery.isPending) return <Loading fullPage />;
  if (meQuery.isError) {
    return (
      <main id="main" tabIndex={-1}>
        <Container size="sm" py="xl">
          <LoadError error={meQuery.error} onRetry={() => void meQuery.refetch()} />
        </Container>
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
      <PageNavContext.Provider value={setPageNav}>
        <SkipLink />
        <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
          <AppShell.Header>
            <ShellHeader
              me={meQuery.data}
              navOpened={navOpened}
              onToggleNav={toggleNav}
              navLabel={t(navOpened ? 'shell.closeNav' : 'shell.openNav')}
            />
          </AppShell.Header>
          <AppShell.Navbar p="xs" component="nav" aria-label={t('shell.mainNav')}>
            <MainNav me={meQuery.data} onNavigate={closeNav} declared={pageNav.refusals > 0 ? null : pageNav.path} />
          </AppShell.Navbar>
          {/* AppShell.Main is the page's one <main> landmark and the skip link's target. */}
          <AppShell.Main id="main" tabIndex={-1}>
            <Outlet />
          </AppShell.Main>
        </AppShell>
      </PageNavContext.Provider>
    </MeContext.Provider>
  );
}

function ShellHeader({
  me,
  navOpened,
  onToggleNav,
  navLabel,
}: {
  me: MeDto;
  navOpened: boolean;
  onToggleNav: () => void;
  navLabel: string;
}) {
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
  // The roles are in the button's tooltip; the home page lists them too. A menu holds menu items only.
  const roles = me.user.roles.map((role) => t(`roles.${role}`, { defaultValue: role })).join(', ');
  return (
    <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="sm" wrap="nowrap" miw={0}>
        <Burger opened={navOpened} onClick={onToggleNav} hiddenFrom="sm" size="sm" aria-label={navLabel} aria-expanded={navOpened} />
        <Link to="/" className="cf-brand">
          Confiance
        </Link>
        <Text size="sm" c="dimmed" className="cf-header-org" visibleFrom="xs">
          <span className="visually-hidden">{t('shell.organisation')} </span>
          {me.org.name}
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap" miw={0}>
        <LanguageSwitch compactBelow="xs" />
        <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
          <Menu.Target>
            <Button
              variant="default"
              size="xs"
              aria-label={t('shell.userMenu', { name: me.user.name })}
              title={`${t('shell.rolesLabel')} ${roles}`}
            >
              <Text span size="sm" truncate className="cf-user-name">
                {me.user.name}
              </Text>
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component={Link} to="/security">
              {t('shell.security')}
            </Menu.Item>
            <Menu.Item onClick={() => signOut.mutate()} disabled={signOut.isPending}>
              {t('shell.logout')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Group>
  );
}

function MainNav({ me, onNavigate, declared }: { me: MeDto; onNavigate: () => void; declared: string | null | undefined }) {
  const { t } = useTranslation();
  const location = useLocation();
  const entries = [
    { id: 'home', path: '/', labelKey: 'nav.home' },
    ...me.nav.map((entry) => ({ ...entry, path: toRouterPath(entry.path) })),
  ];
  const active = activeNavPath(
    entries.map((e) => e.path),
    location.pathname,
    declared,
  );
  const groups = GROUP_ORDER.map((group) => ({
    group,
    entries: entries.filter((e) => e.id !== 'home' && (NAV_GROUPS[e.id] ?? 'other') === group),
  })).filter((g) => g.entries.length > 0);
  const link = (entry: (typeof entries)[number]) => (
    <NavLink
      key={entry.id}
      component={Link}
      to={entry.path}
      label={t(entry.labelKey, { defaultValue: entry.id })}
      active={entry.path === active}
      aria-current={entry.path === active ? 'page' : undefined}
      className="cf-nav-link"
      onClick={onNavigate}
    />
  );
  return (
    <Stack gap="sm">
      {link(entries[0]!)}
      {groups.map(({ group, entries: items }) => (
        <div key={group}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4} component="h2" id={`nav-group-${group}`}>
            {t(`shell.groups.${group}`)}
          </Text>
          <ul aria-labelledby={`nav-group-${group}`} className="cf-nav-list">
            {items.map((entry) => (
              <li key={entry.id}>{link(entry)}</li>
            ))}
          </ul>
        </div>
      ))}
    </Stack>
  );
}

/**
 * Shows the page only when the server lists it in the user's navigation (the server decides
 * who may see what; the API enforces it again on every call).
 */
export function RequireNav({ path, children }: { path: string; children: ReactNode }) {
  const me = useMe();
  const allowed = me.nav.some((entry) => toRouterPath(entry.path) === path);
  useDeclareNav(allowed ? path : undefined, false);
  return allowed ? children : <ForbiddenPage />;
}
