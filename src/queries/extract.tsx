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
import { SYNTHETIC_SOURCE } from '../measures/provenance';
import {
  ExtractSession,
  isOwnUpload,
  type ExtractRequest,
  type ExtractSnapshot,
} from './extract-session';
import { useDb } from './db-context';
import {
  canKeepExtracts,
  forgetKeptExtract,
  keepExtract,
  KeepError,
  readKeptExtract,
  watchKeptExtract,
  withKeptExtract,
  type KeptManifest,
  type KeptRead,
} from './kept-extract';

export type { ExtractRequest, LoadedExtract } from './extract-session';
export { dataSourceOf, isOwnUpload } from './extract-session';
export { KeepError, type KeptManifest } from './kept-extract';

/** Something about the kept extract the page has to say. */
export type KeptNotice =
  | { kind: 'keep-failed'; error: KeepError }
  | { kind: 'open-failed'; label: string | null; why: string | null }
  | { kind: 'forget-failed' }
  | { kind: 'forgotten'; stillShown: boolean };

/** The evaluator's choice to keep an uploaded extract on this computer (kept-extract.ts). */
export interface KeptState {
  /** This browser can keep files for the page (origin-private file system, secure page). */
  supported: boolean;
  /** What this computer's storage holds, as last read; null until read. */
  stored: KeptRead | null;
  /** The extract on screen is the copy kept on this computer. */
  shownIsKept: boolean;
  /** ...and it was loaded from there (on opening the page, or with `open`). */
  shownFromStorage: boolean;
  busy: 'keeping' | 'forgetting' | 'opening' | null;
  notice: KeptNotice | null;
  /** Keeps the uploaded extract on screen, replacing any kept before. */
  keep: () => void;
  /** Removes every byte kept; the extract on screen stays until the page is left. */
  forget: () => void;
  /** Loads the kept extract in place of the one on screen. */
  open: () => void;
  dismissNotice: () => void;
}

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
  kept: KeptState;
}

const ExtractContext = createContext<ExtractState | null>(null);

/** The kept copy behind an extract on screen: which extract, which copy, loaded from it or not. */
interface ShownCopy {
  extractId: number;
  keptId: string;
  fromStorage: boolean;
}

/**
 * The page's extract session (extract-session.ts), started on the extract kept on this computer
 * when there is one that loads, else on the bundled sample. While an uploaded extract that is not
 * kept is on screen (or loading, or being kept), leaving or reloading the page asks first.
 */
export function ExtractProvider({
  sample,
  children,
}: {
  /** Fetches the bundled synthetic sample extract: its files, and its tables prepared ahead. */
  sample: () => Promise<Pick<ExtractRequest, 'files' | 'prepared'>>;
  children: ReactNode;
}) {
  const db = useDb();
  const [session] = useState(() => new ExtractSession(db));
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const [stored, setStored] = useState<KeptRead | null>(null);
  const [shownCopy, setShownCopy] = useState<ShownCopy | null>(null);
  const [busy, setBusy] = useState<KeptState['busy']>(null);
  const [notice, setNotice] = useState<KeptNotice | null>(null);

  const loadSample = useCallback(() => {
    void sample().then(({ files, prepared }) =>
      session.load({
        source: 'sample',
        label: SYNTHETIC_SOURCE,
        files,
        ...(prepared ? { prepared } : {}),
      }),
    );
  }, [sample, session]);

  const refreshStored = useCallback(async () => {
    const read = await readKeptExtract();
    setStored(read);
    return read;
  }, []);

  /** Loads the kept extract; on failure says why and, with `orSample`, loads the sample. */
  const openKept = useCallback(
    async (orSample: boolean) => {
      setBusy('opening');
      let label: string | null = null;
      try {
        const opened = await withKeptExtract(async (request, manifest) => {
          label = manifest.label;
          return { extract: await session.load(request), manifest };
        });
        if (opened?.extract) {
          setShownCopy({
            extractId: opened.extract.id,
            keptId: opened.manifest.id,
            fromStorage: true,
          });
          return;
        }
        if (opened) {
          const { failedReport, needsDataThrough } = session.getSnapshot();
          setNotice({
            kind: 'open-failed',
            label,
            why:
              failedReport?.fatal ??
              (needsDataThrough ? 'it has no data-through date' : 'the files could not be read'),
          });
          session.dismissFailure();
        }
      } catch {
        setNotice({ kind: 'open-failed', label, why: 'its files could not be read' });
      } finally {
        setBusy(null);
      }
      if (orSample && session.getSnapshot().extract === null) loadSample();
    },
    [session, loadSample],
  );

  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void refreshStored().then((read) => {
      if (read.kind === 'kept') void openKept(true);
      else loadSample();
    });
  }, [loadSample, openKept, refreshStored]);

  // Another tab kept or forgot an extract: what this tab says follows.
  useEffect(
    () =>
      watchKeptExtract(() => {
        void refreshStored();
      }),
    [refreshStored],
  );

  const keep = useCallback(() => {
    const request = session.shownRequest();
    const shown = session.getSnapshot().extract;
    if (request?.source !== 'upload' || !shown) return;
    setBusy('keeping');
    setNotice(null);
    keepExtract(request)
      .then((manifest: KeptManifest) => {
        setShownCopy({ extractId: shown.id, keptId: manifest.id, fromStorage: false });
        setStored({ kind: 'kept', manifest });
      })
      .catch((error: unknown) => {
        setNotice({
          kind: 'keep-failed',
          error: error instanceof KeepError ? error : new KeepError('failed'),
        });
      })
      .finally(() => {
        setBusy(null);
      });
  }, [session]);

  const forget = useCallback(() => {
    setBusy('forgetting');
    // The extract on screen may have been read from the kept copy: keep its files in memory
    // first, so that files can still be added to it once the copy is gone.
    const shown = session.getSnapshot().extract;
    const fromCopy = shown !== null && shownCopy?.extractId === shown.id;
    (fromCopy ? session.holdShownFiles() : Promise.resolve())
      .then(forgetKeptExtract)
      .then(async () => {
        const stillShown = session.getSnapshot().extract?.source === 'upload';
        setShownCopy(null);
        await refreshStored();
        setNotice({ kind: 'forgotten', stillShown });
      })
      .catch(() => {
        setNotice({ kind: 'forget-failed' });
      })
      .finally(() => {
        setBusy(null);
      });
  }, [session, refreshStored, shownCopy]);

  const { extract, pending } = snapshot;
  const shownIsKept =
    extract !== null &&
    shownCopy?.extractId === extract.id &&
    stored?.kind === 'kept' &&
    stored.manifest.id === shownCopy.keptId;
  const leaving =
    (extract !== null && isOwnUpload(extract) && !shownIsKept) ||
    (pending?.source === 'upload' && busy !== 'opening') ||
    busy === 'keeping';
  useEffect(() => {
    if (!leaving) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', ask);
    return () => {
      window.removeEventListener('beforeunload', ask);
    };
  }, [leaving]);

  const kept = useMemo<KeptState>(
    () => ({
      supported: canKeepExtracts(),
      stored,
      shownIsKept,
      shownFromStorage: shownIsKept && shownCopy.fromStorage,
      busy,
      notice,
      keep,
      forget,
      open: () => {
        setNotice(null);
        void openKept(false);
      },
      dismissNotice: () => {
        setNotice(null);
      },
    }),
    [stored, shownIsKept, shownCopy, busy, notice, keep, forget, openKept],
  );

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
      kept,
    }),
    [snapshot, session, loadSample, kept],
  );
  return <ExtractContext.Provider value={value}>{children}</ExtractContext.Provider>;
}

export function useExtract(): ExtractState {
  const state = useContext(ExtractContext);
  if (!state) throw new Error('useExtract() outside <ExtractProvider>');
  return state;
}
