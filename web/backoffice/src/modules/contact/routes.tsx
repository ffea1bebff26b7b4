import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const ContactPage = lazyPage(() => import('./contact.page.tsx'), 'ContactPage', ['contact']);

/** The contact guard: may this customer be called now, and the contact history. */
export const routes: RouteObject[] = [
  {
    path: 'contact',
    element: (
      <RequireNav path="/contact">
        <ContactPage />
      </RequireNav>
    ),
  },
];
