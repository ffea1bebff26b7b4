import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { fetchMe, isApiError, updateMyLocale, type MeDto } from './api.ts';
import { setOrganisationTimeZone } from './format.ts';
import { chooseLanguage, readLanguageCookie, type Language } from './i18n.ts';

/** Query keys in one place so invalidations cannot drift from the queries. */
export const queryKeys = {
  me: ['me'] as const,
  users: ['users'] as const,
  roles: ['roles'] as const,
  tokens: ['tokens'] as const,
  audit: (filters: object) => ['audit', filters] as const,
};

/** The app's query client: no retries on client errors, no refetch surprises on focus. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // 4xx answers (forbidden, not found, expired session) will not change by retrying.
        retry: (failureCount, error) =>
          failureCount < 1 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

/** The session probe: `null` when signed out. */
export function useMeQuery() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async () => {
      const me = await fetchMe();
      // Times are shown in the organisation's zone, whatever the browser's (format.ts).
      if (me) setOrganisationTimeZone(me.org.timezone);
      return me;
    },
    staleTime: 60_000,
  });
}

/** The signed-in session, provided by the authenticated layout. */
export const MeContext = createContext<MeDto | null>(null);

/** The signed-in session; only valid below the authenticated layout. */
export function useMe(): MeDto {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() used outside the authenticated layout');
  return me;
}

/**
 * After sign-in, saves a language chosen on the login page to the account, so e-mails and
 * server pages follow the same choice. Failures are ignored: the cookie already holds it.
 */
export async function syncChosenLanguage(queryClient: QueryClient, me: MeDto): Promise<void> {
  const chosen = readLanguageCookie();
  if (!chosen || chosen === me.user.locale) return;
  try {
    queryClient.setQueryData(queryKeys.me, await updateMyLocale(chosen));
  } catch {
    // Best effort only.
  }
}

/**
 * Switches language, remembers it in the cookie and, when signed in, on the account; then asks the
 * server again for what it worded in the previous language (KPI names and definitions, labels,
 * messages): cached answers would keep showing French on an English page (issue 10). The session
 * is kept: the account call above already returned it.
 */
export function useChangeLanguage(): (lang: Language) => Promise<void> {
  const queryClient = useQueryClient();
  return async (lang) => {
    await chooseLanguage(lang);
    const me = queryClient.getQueryData<MeDto | null>(queryKeys.me);
    if (me && me.user.locale !== lang) {
      try {
        queryClient.setQueryData(queryKeys.me, await updateMyLocale(lang));
      } catch {
        // The interface already switched and the cookie keeps the choice; saving is best effort.
      }
    }
    // The cookie now carries the new language, so every refetch is answered in it.
    await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me[0] });
  };
}
