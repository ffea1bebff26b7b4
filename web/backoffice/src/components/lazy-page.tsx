import { Alert, Button, Center, Loader, Text, VisuallyHidden } from '@mantine/core';
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { loadNamespaces } from '../i18n.ts';

/**
 * A page loaded on demand, for route tables (router.tsx, modules/<module>/routes.tsx): the first
 * page of the back office then loads only the code it shows, and each module's screens arrive
 * when someone opens them. Use it for every page component of a route:
 *
 *     const ComplaintsPage = lazyPage(() => import('./complaints.page.tsx'), 'ComplaintsPage', ['complaints']);
 *
 * `namespaces` are the catalogues the page uses beyond the core ones (i18n.ts CORE_NAMESPACES),
 * including other modules' it borrows labels from: they load alongside the code, and the page
 * renders once both are in, never with raw keys. While they load a spinner shows; if it cannot load (offline, or a new release replaced the
 * files) the page says so and offers a reload instead of going blank.
 */
export function lazyPage<K extends string, M extends Record<K, ComponentType>>(
  load: () => Promise<M>,
  name: K,
  namespaces: readonly string[] = [],
): ComponentType {
  const Lazy = lazy<ComponentType>(async () => {
    const [page] = await Promise.all([load(), loadNamespaces(namespaces)]);
    return { default: page[name] };
  });
  function LazyPage() {
    return (
      <PageErrorBoundary>
        <Suspense fallback={<PageLoader />}>
          <Lazy />
        </Suspense>
      </PageErrorBoundary>
    );
  }
  LazyPage.displayName = `Lazy(${name})`;
  return LazyPage;
}

/** The spinner shown while a page's code loads, announced politely. */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status">
      <Loader aria-hidden="true" />
      <VisuallyHidden>{t('status.loading')}</VisuallyHidden>
    </Center>
  );
}

function PageLoadFailed() {
  const { t } = useTranslation();
  return (
    <Alert color="red">
      <Text fw={600}>{t('ui.pageLoadFailed')}</Text>
      <Button variant="default" mt="xs" onClick={() => window.location.reload()}>
        {t('ui.reload')}
      </Button>
    </Alert>
  );
}

/** Catches a page that failed to load or render, so the shell and navigation stay usable. */
class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <PageLoadFailed /> : this.props.children;
  }
}
