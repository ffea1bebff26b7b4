import { Alert, Button, Center, Loader, Text, VisuallyHidden } from '@mantine/core';
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A page loaded on demand, for route tables (router.tsx, modules/<module>/routes.tsx): the first
 * page of the back office then loads only the code it shows, and each module's screens arrive
 * when someone opens them. Use it for every page component of a route:
 *
 *     const ComplaintsPage = lazyPage(() => import('./complaints.page.tsx'), 'ComplaintsPage');
 *
 * While the code loads a spinner shows; if it cannot load (offline, or a new release replaced the
 * files) the page says so and offers a reload instead of going blank.
 */
export function lazyPage<K extends string, M extends Record<K, ComponentType>>(load: () => Promise<M>, name: K): ComponentType {
  const Lazy = lazy<ComponentType>(async () => ({ default: (await load())[name] }));
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
