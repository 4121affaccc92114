import { isHeaderRow } from './header-row';
import { headerSignature, type ColumnMapping, type FileInspection } from './preview';

/**
 * Mappings kept on this computer: header signature → schema column → header. Header names only,
 * never values: only files whose first row is a header row, judged with the rows below it
 * (header-row.ts), have theirs kept. Nothing else of a file's text is ever kept by the app
 * itself (its files are stored only when the evaluator chooses "Keep this extract").
 */
export type SavedMappings = Record<string, Record<string, string>>;

/**
 * Where the mappings are kept in local storage. Version 1 judged a header row by its first row
 * alone and kept some files' first records: it is removed, never read (`SUPERSEDED_MAPPING_KEYS`).
 */
export const MAPPINGS_KEY = 'linkages.column-mappings.v2';

/** Keys of earlier versions' mappings, removed from local storage unread. */
export const SUPERSEDED_MAPPING_KEYS = ['linkages.column-mappings.v1'] as const;

/** `saved` with the mapping chosen for each file that has a header row. */
export function withChosenMappings(
  saved: SavedMappings,
  inspections: readonly FileInspection[],
  mapping: ColumnMapping,
): SavedMappings {
  const next = { ...saved };
  for (const { preview, table, headerRow } of inspections) {
    const columns = table ? mapping[table] : undefined;
    if (columns && Object.keys(columns).length > 0 && headerRow)
      next[headerSignature(preview.headers)] = columns;
  }
  return next;
}

/**
 * The saved mappings whose signature and headers all read as column names: what an earlier
 * version kept of a file without a header row (its first record) is dropped.
 */
export function headerOnlyMappings(saved: SavedMappings): SavedMappings {
  return Object.fromEntries(
    Object.entries(saved).filter(
      ([signature, columns]) =>
        isHeaderRow(signature.split('|')) && isHeaderRow(Object.values(columns)),
    ),
  );
}
