import { useMutation } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import {
  loadExtract,
  type ExtractFile,
  type LoadOptions,
  type LoadProgress,
  type LoadReport,
} from '../dataset/load-extract';
import { MemberTables } from '../measures/member-tables';
import { useDb } from './db-context';

export interface LoadedExtract {
  /** Increments on every load: part of every measure's query key, so results never mix extracts. */
  id: number;
  source: 'sample' | 'upload';
  label: string;
  report: LoadReport;
  /** The measures' members, computed once for this extract (a view change only filters them). */
  members: MemberTables;
}

export interface ExtractRequest {
  source: 'sample' | 'upload';
  label: string;
  files: ExtractFile[];
  options?: LoadOptions;
}

interface ExtractState {
  extract: LoadedExtract | null;
  loading: boolean;
  /** What is being loaded right now, for the progress line. */
  pending: ExtractRequest | null;
  /** The load's current step, and the rows counted so far per file. */
  progress: { step: LoadProgress | null; rows: Record<string, number> };
  error: Error | null;
  /** The last load that could not be used (e.g. families.csv unreadable): its report says why. */
  failedReport: LoadReport | null;
  /** Files that loaded but carry no data-through date: the evaluator is asked for one. */
  needsDataThrough: ExtractRequest | null;
  load: (request: ExtractRequest) => void;
  /** The request behind the extract on screen (its files are reused when files are added to it). */
  shownRequest: () => ExtractRequest | null;
  loadSample: () => void;
  provideDataThrough: (iso: string) => void;
  dismissFailure: () => void;
}

const ExtractContext = createContext<ExtractState | null>(null);

export function ExtractProvider({
  sample,
  children,
}: {
  /** Fetches the bundled synthetic sample extract. */
  sample: () => Promise<ExtractFile[]>;
  children: ReactNode;
}) {
  const db = useDb();
  const [extract, setExtract] = useState<LoadedExtract | null>(null);
  const [failedReport, setFailedReport] = useState<LoadReport | null>(null);
  const [needsDataThrough, setNeedsDataThrough] = useState<ExtractRequest | null>(null);
  const nextId = useRef(1);
  const [progress, setProgress] = useState<ExtractState['progress']>({ step: null, rows: {} });
  /** The request behind what is on screen: reloaded if a failed load replaced its tables. */
  const shown = useRef<ExtractRequest | null>(null);

  /** The member tables of the extract on screen: dropped when a load replaces its data. */
  const shownMembers = useRef<MemberTables | null>(null);

  const mutation = useMutation({
    mutationFn: async (request: ExtractRequest) => {
      setProgress({ step: null, rows: {} });
      await shownMembers.current?.dispose();
      const report = await loadExtract(db, request.files, {
        ...request.options,
        onProgress: (step) => {
          setProgress((current) => ({
            step,
            rows: 'rows' in step ? { ...current.rows, [step.fileName]: step.rows } : current.rows,
          }));
        },
      });
      return { request, report };
    },
  });
  const { mutateAsync } = mutation;

  const load = useCallback(
    (request: ExtractRequest) => {
      void (async () => {
        const { report } = await mutateAsync(request);
        if (report.fatal) {
          setFailedReport(report);
          // The tables may have been replaced before the failure: bring back what is on screen.
          const previous = shown.current;
          if (previous && report.tables.length > 0) await mutateAsync(previous);
          // The same data as before, so the same id (its results stay cached); new member tables.
          const members = new MemberTables(db);
          shownMembers.current = members;
          setExtract((current) => current && { ...current, members });
          return;
        }
        setFailedReport(null);
        if (report.needsDataThrough) {
          setNeedsDataThrough(request);
          return;
        }
        setNeedsDataThrough(null);
        shown.current = request;
        const members = new MemberTables(db);
        shownMembers.current = members;
        setExtract({
          id: nextId.current++,
          source: request.source,
          label: request.label,
          report,
          members,
        });
      })().catch(() => {
        // The mutation's own error state reports it.
      });
    },
    [db, mutateAsync],
  );

  const loadSample = useCallback(() => {
    void sample().then((files) => {
      load({ source: 'sample', label: 'Sample data (synthetic)', files });
    });
  }, [sample, load]);

  const provideDataThrough = useCallback(
    (iso: string) => {
      if (!needsDataThrough) return;
      load({ ...needsDataThrough, options: { ...needsDataThrough.options, dataThrough: iso } });
    },
    [needsDataThrough, load],
  );

  const dismissFailure = useCallback(() => {
    setFailedReport(null);
    setNeedsDataThrough(null);
  }, []);

  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    loadSample();
  }, [loadSample]);

  return (
    <ExtractContext.Provider
      value={{
        extract,
        loading: mutation.isPending,
        pending: mutation.isPending ? mutation.variables : null,
        shownRequest: () => shown.current,
        progress,
        error: mutation.error,
        failedReport,
        needsDataThrough,
        load,
        loadSample,
        provideDataThrough,
        dismissFailure,
      }}
    >
      {children}
    </ExtractContext.Provider>
  );
}

export function useExtract(): ExtractState {
  const state = useContext(ExtractContext);
  if (!state) throw new Error('useExtract() outside <ExtractProvider>');
  return state;
}
