import { useEffect } from 'react';
import type { LoadedExtract } from '../queries/extract';
import type { Location } from './use-hash-route';

/** What the root's `data-status` says of the view it names in `data-view`. */
export type PageStatus = 'loading' | 'ready' | 'error';

/** What every page of the dashboard is given: the extract, the URL's view, and where to report. */
export interface PageProps {
  extract: LoadedExtract;
  /** The dashboard's own location: one source, so the status a page reports is for the view it shows. */
  location: Location;
  navigate: (change: Partial<Location>) => void;
  onStatus: (status: PageStatus) => void;
}

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
