import { useMutation } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { loadExtract, type ExtractFile, type LoadOptions, type LoadReport } from '../dataset/load-extract';
import { useDb } from './db-context';

export interface LoadedExtract {
  /** Increments on every load: part of every measure's query key, so results never mix extracts. */
  id: number;
  source: 'sample' | 'upload';
  label: string;
  report: LoadReport;
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
  error: Error | null;
  failedReport: LoadReport | null;
  load: (request: ExtractRequest) => void;
  loadSample: () => void;
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
  /** A load that could not be used (e.g. families.csv unreadable): its report says why. */
  const [failedReport, setFailedReport] = useState<LoadReport | null>(null);
  const nextId = useRef(1);
  const mutation = useMutation({
    mutationFn: async (request: ExtractRequest) => {
      const report = await loadExtract(db, request.files, request.options);
      return { request, report };
    },
    onSuccess: ({ request, report }) => {
      if (report.fatal) {
        setFailedReport(report);
        return;
      }
      setFailedReport(null);
      setExtract({ id: nextId.current++, source: request.source, label: request.label, report });
    },
  });
  const { mutate } = mutation;

  const loadSample = useCallback(() => {
    void sample().then((files) => {
      mutate({ source: 'sample', label: 'Sample data (synthetic)', files });
    });
  }, [sample, mutate]);

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
        error: mutation.error,
        failedReport,
        load: mutate,
        loadSample,
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
