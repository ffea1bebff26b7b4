// Cascade order: the hand-written styles of screens not yet converted sit in a layer below
// Mantine's, so a component always wins over a legacy rule (styles.css says which screens remain).
import './layers.css';
import '@mantine/core/styles.layer.css';
import './styles.css';
import './design.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { setUnauthorizedHandler, type MeDto } from './api.ts';
import { toRouterPath } from './components/app-shell.tsx';
import { i18n, i18nReady } from './i18n.ts';
import { createRouter } from './router.tsx';
import { createQueryClient, queryKeys } from './session.ts';
import { cssVariablesResolver, theme } from './theme.ts';

/**
 * The nonce the server drew for this page (src/api/backoffice.ts): the strict CSP admits only
 * `<style>` elements that carry it, and Mantine writes its theme variables in one. Browsers hide
 * the attribute once the page is parsed, so it is read from the element's `nonce` property.
 */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';

const queryClient = createQueryClient();
const router = createRouter();

// A 401 on any call means the session ended (expiry, logout elsewhere, revoked): drop what is
// cached and send the user to the login page, then back to where they were.
setUnauthorizedHandler(() => {
  // The router's location includes the /app basename; navigate() expects paths without it.
  const pathname = toRouterPath(router.state.location.pathname);
  const { search } = router.state.location;
  if (pathname === '/login') return;
  const hadSession = queryClient.getQueryData<MeDto | null>(queryKeys.me) != null;
  queryClient.clear();
  queryClient.setQueryData(queryKeys.me, null);
  const next = encodeURIComponent(`${pathname}${search}`);
  void router.navigate(`/login?next=${next}${hadSession ? '&expired=1' : ''}`, { replace: true });
});

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

// The interface language's catalogues arrive as their own chunk; render once they are in.
await i18nReady;
createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} getStyleNonce={() => styleNonce} forceColorScheme="light">
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </I18nextProvider>
    </MantineProvider>
  </StrictMode>,
);
