import { isHeaderRow } from './header-row';
import { headerSignature, type ColumnMapping, type FileInspection } from './preview';

/**
 * Mappings kept on this computer: header signature → schema column → header. Header names only,
 * never values: only files whose first row is a header row have theirs kept.
 */
export type SavedMappings = Record<string, Record<string, string>>;

/** `saved` with the mapping chosen for each file that has a header row. */
export function withChosenMappings(
  saved: SavedMappings,
  inspections: readonly FileInspection[],
  mapping: ColumnMapping,
): SavedMappings {
  const next = { ...saved };
  for (const { preview, table } of inspections) {
    const columns = table ? mapping[table] : undefined;
    if (columns && Object.keys(columns).length > 0 && isHeaderRow(preview.headers))
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
