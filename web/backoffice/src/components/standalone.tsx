import type { ReactNode } from 'react';
import { SkipLink } from './app-shell.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { useDocumentTitle } from './page.tsx';

/** The frame of pages seen before signing in (sign-in, forgotten password): brand, language, one main. */
export function StandalonePage({ title, className, children }: { title: string; className: string; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <>
      <SkipLink />
      <header className="site-header site-header-minimal">
        <div className="brand">
          <span className="brand-link">Confiance</span>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className={`standalone ${className}`}>
        <h1 className="page-title">{title}</h1>
        {children}
      </main>
    </>
  );
}
