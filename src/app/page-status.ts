import { useEffect } from 'react';

/** What the root's `data-status` says of the view it names in `data-view`. */
export type PageStatus = 'loading' | 'ready' | 'error';

/** A page is ready once every query it shows has its current data (not a previous view's). */
export function usePageStatus(
  queries: readonly { isError: boolean; isPending: boolean; isPlaceholderData?: boolean }[],
  onStatus: (status: PageStatus) => void,
): PageStatus {
  const status: PageStatus = queries.some((q) => q.isError)
    ? 'error'
    : queries.some((q) => q.isPending || q.isPlaceholderData === true)
      ? 'loading'
      : 'ready';
  useEffect(() => {
    onStatus(status);
  }, [status, onStatus]);
  return status;
}
