import { useCallback, useState } from 'react';
import {
  headerSignature,
  inspectPreviews,
  needsMapping,
  previewFile,
  type ColumnMapping,
  type FileInspection,
} from '../dataset/preview';
import {
  MAPPINGS_KEY,
  SUPERSEDED_MAPPING_KEYS,
  headerOnlyMappings,
  withChosenMappings,
  type SavedMappings,
} from '../dataset/saved-mappings';
import type { TableName } from '../dataset/schema';
import { useExtract } from './extract';
import { sourceOfFiles } from './sample-upload';

/**
 * The mappings kept on this computer. What earlier versions kept (which could hold a headerless
 * file's first record) is removed unread; any kept mapping whose names do not read as a header
 * row is dropped.
 */
function readSaved(): SavedMappings {
  try {
    for (const key of SUPERSEDED_MAPPING_KEYS) localStorage.removeItem(key);
    const stored = JSON.parse(localStorage.getItem(MAPPINGS_KEY) ?? '{}') as SavedMappings;
    const saved = headerOnlyMappings(stored);
    if (Object.keys(saved).length !== Object.keys(stored).length)
      localStorage.setItem(MAPPINGS_KEY, JSON.stringify(saved));
    return saved;
  } catch {
    return {};
  }
}

function savedMappingFor(inspections: readonly FileInspection[]): ColumnMapping {
  const saved = readSaved();
  const mapping: ColumnMapping = {};
  for (const { preview, table } of inspections) {
    const columns = saved[headerSignature(preview.headers)];
    if (table && columns) mapping[table] = columns;
  }
  return mapping;
}

function saveMapping(inspections: readonly FileInspection[], mapping: ColumnMapping): void {
  localStorage.setItem(
    MAPPINGS_KEY,
    JSON.stringify(withChosenMappings(readSaved(), inspections, mapping)),
  );
}

export type UploadStep =
  | { step: 'idle' }
  | { step: 'inspecting' }
  | { step: 'mapping'; files: File[]; inspections: FileInspection[]; mapping: ColumnMapping }
  | { step: 'error'; message: string };

/** Files dropped by the evaluator: preview, recognize, map what is unmatched, then load. */
export function useUpload(onLoadStarted: () => void) {
  const { load, extract, shownRequest } = useExtract();
  const [state, setState] = useState<UploadStep>({ step: 'idle' });

  /**
   * Files with a families file replace what is loaded; recognized children or adults files alone
   * are added to the uploaded extract on screen, replacing only the same tables.
   */
  const startLoad = useCallback(
    async (files: File[], mapping: ColumnMapping, tables: readonly (TableName | null)[]) => {
      const incoming = files.map((file) => ({
        fileName: file.name,
        source: { kind: 'file' as const, file },
      }));
      const previous = shownRequest();
      const adds =
        previous?.source === 'upload' &&
        extract !== null &&
        tables.every((t) => t !== null && t !== 'families');
      const replaced = new Set<TableName | null>(tables);
      const kept = adds
        ? previous.files.filter((f) => {
            const table = extract.report.files.find((r) => r.fileName === f.fileName)?.table;
            return table !== null && table !== undefined && !replaced.has(table);
          })
        : [];
      const all = [...kept, ...incoming];
      // The sample's own files are named the sample; a mix of the sample and other files is
      // refused before anything is loaded (the extract on screen stays).
      const source = await sourceOfFiles(all);
      if ('error' in source) {
        setState({ step: 'error', message: source.error });
        return;
      }
      setState({ step: 'idle' });
      onLoadStarted();
      load({
        source: 'upload',
        ...(source.kind === 'sample' ? { synthetic: true } : {}),
        label: all.map((f) => f.fileName).join(', '),
        files: all,
        // Added files join the extract on screen with its mapping and the data-through date
        // the evaluator gave it (not asked again).
        options: adds
          ? {
              ...previous.options,
              mapping: { ...previous.options?.mapping, ...mapping },
            }
          : { mapping },
      });
    },
    [load, onLoadStarted, shownRequest, extract],
  );

  const addFiles = useCallback(
    async (files: File[]) => {
      if (files.length === 0) return;
      if (files.length > 3) {
        setState({
          step: 'error',
          message: `Choose one to three files (families, children, adults); you chose ${files.length}.`,
        });
        return;
      }
      setState({ step: 'inspecting' });
      const previews = await Promise.all(files.map(previewFile));
      const first = inspectPreviews(previews, {});
      const mapping = savedMappingFor(first);
      const inspections = inspectPreviews(previews, mapping);
      if (needsMapping(inspections)) setState({ step: 'mapping', files, inspections, mapping });
      else
        await startLoad(
          files,
          mapping,
          inspections.map((i) => i.table),
        );
    },
    [startLoad],
  );

  const setColumn = useCallback((table: TableName, column: string, header: string | null) => {
    setState((current) => {
      if (current.step !== 'mapping') return current;
      const others = Object.entries(current.mapping[table] ?? {}).filter(
        ([name]) => name !== column,
      );
      const columns = Object.fromEntries(header === null ? others : [...others, [column, header]]);
      const mapping = { ...current.mapping, [table]: columns };
      return {
        ...current,
        mapping,
        inspections: inspectPreviews(
          current.inspections.map((i) => i.preview),
          mapping,
        ),
      };
    });
  }, []);

  const confirmMapping = useCallback(
    (remember: boolean) => {
      if (state.step !== 'mapping') return;
      if (remember) saveMapping(state.inspections, state.mapping);
      void startLoad(
        state.files,
        state.mapping,
        state.inspections.map((i) => i.table),
      );
    },
    [state, startLoad],
  );

  const cancel = useCallback(() => {
    setState({ step: 'idle' });
  }, []);

  return { state, addFiles, setColumn, confirmMapping, cancel };
}
