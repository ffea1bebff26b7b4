import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

/**
 * What every "new record" page does once the server has created the record: the lists that may
 * show it are refetched, the record's own page starts from the answer already in hand (no second
 * request, no flash of a spinner) and the user is taken there.
 */
export function useCreateAndOpen<TInput, TCreated extends { id: string }>(options: {
  create: (input: TInput) => Promise<TCreated>;
  /** The query key of the lists the new record belongs to. */
  listKey: QueryKey;
  /** The query key of the record's own page. */
  recordKey: (id: string) => QueryKey;
  /** The back-office path of the record's page. */
  pathOf: (id: string) => string;
  /** Router state handed to the record's page (e.g. to announce that it was just created). */
  state?: unknown;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: options.create,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: options.listKey });
      queryClient.setQueryData(options.recordKey(created.id), created);
      void navigate(options.pathOf(created.id), options.state === undefined ? undefined : { state: options.state });
    },
  });
}
