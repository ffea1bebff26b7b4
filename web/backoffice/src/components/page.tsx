import { Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';

let firstPageShown = false;

/** Sets `document.title` to "<title> — Confiance" while the calling page is shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Confiance`;
  }, [title]);
}

/**
 * A page body: sets the document title (WCAG 2.4.2) and renders the page's single h1. After a
 * client-side navigation the h1 receives focus so screen-reader users hear that the page changed
 * and keyboard users start from the new content rather than the link they left.
 */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title);
  useEffect(() => {
    if (firstPageShown) heading.current?.focus();
    firstPageShown = true;
  }, []);
  return (
    <>
      <Title order={1} ref={heading} tabIndex={-1} className="cf-page-title" mb="md">
        {title}
      </Title>
      {children}
    </>
  );
}
