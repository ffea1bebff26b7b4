import { createContext, useContext, useLayoutEffect } from 'react';

/**
 * The navigation entry of the page shown. A page names its own entry (RequireNav's `path`): a
 * refused or unknown page names none (`null`), even under a parent's path: /contact/opposition-lists
 * refused to an agent is not "Prospection" (/contact), which the agent may open. A page that names
 * nothing (home, security) marks the entry whose path is exactly its own, if any.
 */
export function activeNavPath(paths: readonly string[], current: string, declared: string | null | undefined): string | undefined {
  if (declared === null) return undefined;
  if (declared !== undefined) return paths.includes(declared) ? declared : undefined;
  return paths.find((path) => path === current);
}

/**
 * What the page shown says about the navigation: its entry (set by RequireNav), and whether it is
 * a refusal or an unknown address (set by the error pages), which marks no entry at all.
 */
export interface PageNav {
  path: string | undefined;
  refusals: number;
}
export const PageNavContext = createContext<((update: (nav: PageNav) => PageNav) => void) | null>(null);

/**
 * Tells the shell which navigation entry the page belongs to while it is shown. A layout effect,
 * so the entry is marked before the first paint (no flash of the wrong entry).
 */
export function useDeclareNav(path: string | undefined, refused: boolean) {
  const setNav = useContext(PageNavContext);
  useLayoutEffect(() => {
    if (!setNav) return;
    if (refused) {
      setNav((nav) => ({ ...nav, refusals: nav.refusals + 1 }));
      return () => setNav((nav) => ({ ...nav, refusals: nav.refusals - 1 }));
    }
    setNav((nav) => ({ ...nav, path }));
    return () => setNav((nav) => (nav.path === path ? { ...nav, path: undefined } : nav));
  }, [setNav, path, refused]);
}

/** Error pages (refused, not found) call it: no navigation entry is the current page. */
export function useNoActiveNav() {
  useDeclareNav(undefined, true);
}
