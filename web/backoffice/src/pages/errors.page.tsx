import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNoActiveNav } from '../components/page-nav.ts';
import { Page } from '../components/page.tsx';

/** Shown when the user lacks the permission for a screen (HTTP 403 or not in their navigation). */
export function ForbiddenPage({ message }: { message?: string }) {
  const { t } = useTranslation();
  // A refused page is no entry's page: the navigation marks none (not the parent the user may open).
  useNoActiveNav();
  return (
    <Page title={t('errors.forbidden.title')}>
      <p>{message ?? t('errors.forbidden.body')}</p>
      <p>{t('errors.forbidden.help')}</p>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </Page>
  );
}

/** Shown for any address the back office does not know. */
export function NotFoundPage() {
  const { t } = useTranslation();
  useNoActiveNav();
  return (
    <Page title={t('errors.notFound.title')}>
      <p>{t('errors.notFound.body')}</p>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </Page>
  );
}
