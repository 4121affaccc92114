import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { ExtractFile } from '../dataset/load-extract';
import { SYNTHETIC_SOURCE } from '../measures/provenance';
import { ExtractSession, type ExtractRequest, type ExtractSnapshot } from './extract-session';
import { useDb } from './db-context';

export type { ExtractRequest, LoadedExtract } from './extract-session';
export { dataSourceOf } from './extract-session';

interface ExtractState extends ExtractSnapshot {
  loading: boolean;
  load: (request: ExtractRequest) => void;
  /** The request behind the extract on screen (its files are reused when files are added to it). */
  shownRequest: () => ExtractRequest | null;
  loadSample: () => void;
  provideDataThrough: (iso: string) => void;
  dismissFailure: () => void;
  /** Stops the load under way; the extract on screen stays (extract-session.ts `cancel`). */
  cancel: () => void;
}

const ExtractContext = createContext<ExtractState | null>(null);

/** The page's extract session (extract-session.ts), started on the bundled sample. */
export function ExtractProvider({
  sample,
  children,
}: {
  /** Fetches the bundled synthetic sample extract. */
  sample: () => Promise<ExtractFile[]>;
  children: ReactNode;
}) {
  const db = useDb();
  const [session] = useState(() => new ExtractSession(db));
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);

  const loadSample = useCallback(() => {
    void sample().then((files) =>
      session.load({ source: 'sample', label: SYNTHETIC_SOURCE, files }),
    );
  }, [sample, session]);

  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    loadSample();
  }, [loadSample]);

  const value = useMemo<ExtractState>(
    () => ({
      ...snapshot,
      loading: snapshot.pending !== null,
      load: (request) => void session.load(request),
      shownRequest: () => session.shownRequest(),
      loadSample,
      provideDataThrough: (iso) => void session.provideDataThrough(iso),
      dismissFailure: () => {
        session.dismissFailure();
      },
      cancel: () => {
        session.cancel();
      },
    }),
    [snapshot, session, loadSample],
  );
  return <ExtractContext.Provider value={value}>{children}</ExtractContext.Provider>;
}

export function useExtract(): ExtractState {
  const state = useContext(ExtractContext);
  if (!state) throw new Error('useExtract() outside <ExtractProvider>');
  return state;
}
