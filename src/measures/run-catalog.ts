import type { DbClient } from '../db/client';
import { csvCell } from '../dataset/csv-cell';
import type { TableName } from '../dataset/schema';
import type { LoadReport } from '../dataset/report';
import {
  runBaseline,
  suppressBaseline,
  unsuppressedBaseline,
  type BaselineResult,
} from './baseline';
import { availability, CATALOG } from './catalog';
import { readExtractContents } from './columns-read';
import type { MemberTables } from './member-tables';
import { provenanceOf, withProvenanceCsv, type DataSource, type Provenance } from './provenance';
import { familyCountShown } from './run-protected';
import { runMeasure } from './run-measure';
import { cellOf } from './result-values';
import { suppressMeasures } from './suppression';
import type { ByKey, Comparison, MeasureRequest, MeasureResult, MeasureRow, Period } from './types';

export interface TableValidation {
  /** Null when suppression masks the family count (familyCountShown), with `warnings`. */
  loaded: number | null;
  warnings: number | null;
  rejected: number;
}

export type ValidationSummary = Partial<Record<TableName, TableValidation>>;

/**
 * A result row as the exports print it. A time-to-event row gains `medianOverDays` after
 * `medianDays`: where suppression hid the median while the curve is drawn, the curve's last drawn
 * day (days), past which the median lies or is not reached ("over N days" on screen; GroupCell's
 * `medianOver`); null otherwise (a median shown or not reached, a row masked whole, suppression
 * off).
 */
export type ExportedRow = MeasureRow | (MeasureRow & { medianOverDays: number | null });

/** The command-line contract of measures.md (plus period, suppression and comparisons). */
export interface MeasuresJson {
  /** What data these numbers came from, as of when, for which view (first, to be read first). */
  provenance: Provenance;
  dataThrough: string;
  by: ByKey[];
  period: Period;
  suppressed: boolean;
  measures: Record<string, ExportedRow[]>;
  /** Linkages minus comparison per (county, cohort) cell; log-rank for time to event. */
  comparisons: Record<string, Comparison[]>;
  /** Groups at baseline (`--baseline`), suppressed with the measures. */
  baseline?: BaselineResult;
  /**
   * Each measure the extract cannot show (its file, or a column it reads, absent or blank in every
   * row), with what would enable it: it has no key in `measures`, never a 0.
   */
  unavailable: Record<string, string>;
  validation?: ValidationSummary;
}

/** The loader's per-file account in the contract's `validation` shape. */
export function validationSummary(report: LoadReport): ValidationSummary {
  const summary: ValidationSummary = {};
  for (const file of report.files) {
    if (file.table && !file.error) {
      summary[file.table] = {
        loaded: file.loaded,
        warnings: file.warnings,
        rejected: file.rejected,
      };
    }
  }
  return summary;
}

export type CatalogRequest = Omit<MeasureRequest, 'by'> & {
  by: ByKey[];
  /** The data's source (the sample, or the county's file names): the output's provenance. */
  source: DataSource;
  suppress: boolean;
  /** Add the groups-at-baseline view of the same filters. */
  baseline?: boolean;
  /** Filled by the caller from the loader's report. */
  validation?: ValidationSummary;
};

/** Every measure: each available one computed (one query each), suppressed unless asked not to. */
export async function runCatalog(
  db: DbClient,
  request: CatalogRequest,
  signal?: AbortSignal,
  memberTables?: MemberTables,
): Promise<MeasuresJson> {
  const { suppress, validation, baseline, source, ...measureRequest } = request;
  const by = (['county', 'cohort'] as const).filter((key) => request.by.includes(key));
  const json: MeasuresJson = {
    provenance: provenanceOf(
      source,
      request.dataThrough,
      { period: request.period, filters: request.filters ?? {}, by },
      suppress,
    ),
    dataThrough: request.dataThrough,
    by,
    period: request.period,
    suppressed: suppress,
    measures: {},
    comparisons: {},
    unavailable: {},
  };
  const contents = await readExtractContents(db, signal);
  const results: MeasureResult[] = [];
  for (const measure of CATALOG) {
    const shown = availability(measure, contents);
    if (!shown.available) {
      json.unavailable[measure.id] = shown.needs;
      continue;
    }
    results.push(await runMeasure(db, measure, measureRequest, signal, memberTables));
  }
  // Suppressed together: measures about the same people mask the same cells.
  for (const result of suppress ? suppressMeasures(results) : results) {
    json.measures[result.measureId] = result.rows.map(exportedRow);
    json.comparisons[result.measureId] = result.comparisons;
  }
  if (baseline) {
    const raw = await runBaseline(db, request, signal);
    json.baseline = suppress ? suppressBaseline(raw) : unsuppressedBaseline(raw);
  }
  if (validation)
    json.validation = await maskedValidation(db, request, validation, signal, memberTables);
  return json;
}

/** The row with `medianOverDays` placed after `medianDays` (time to event); others as they are. */
function exportedRow(row: MeasureRow): ExportedRow {
  if (!('medianDays' in row)) return row;
  const medianOverDays = cellOf(row)?.medianOver ?? null;
  return Object.fromEntries(
    Object.entries(row).flatMap(([key, value]) =>
      key === 'medianDays'
        ? [
            [key, value],
            ['medianOverDays', medianOverDays],
          ]
        : [[key, value]],
    ),
  ) as ExportedRow;
}

/**
 * The loader's account as an export shows it: the families loaded (with warnings) masked when
 * suppression is on and the count would give a masked total away (familyCountShown).
 */
async function maskedValidation(
  db: DbClient,
  request: CatalogRequest,
  validation: ValidationSummary,
  signal: AbortSignal | undefined,
  memberTables: MemberTables | undefined,
): Promise<ValidationSummary> {
  const families = validation.families;
  if (!request.suppress || !families) return validation;
  if (await familyCountShown(db, request.dataThrough, signal, memberTables)) return validation;
  return { ...validation, families: { ...families, loaded: null, warnings: null } };
}

const CSV_COLUMNS = [
  'county',
  'cohort',
  'group',
  'count',
  'denominator',
  'numerator',
  'rate',
  'ciLow',
  'ciHigh',
  'windowNotComplete',
  'n',
  'events',
  'medianDays',
  'medianOverDays',
  'unstable',
  'suppressed',
] as const;

/**
 * One flat CSV under the provenance lines: a `measure` column and the row fields (curves and
 * comparisons are JSON only).
 */
export function measuresJsonToCsv(json: MeasuresJson): string {
  const columns = CSV_COLUMNS.filter(
    (column) => (column !== 'county' && column !== 'cohort') || json.by.includes(column),
  );
  const lines = [['measure', ...columns].join(',')];
  for (const [measureId, rows] of Object.entries(json.measures)) {
    for (const row of rows) {
      const fields = row as unknown as Record<string, unknown>;
      lines.push(
        [csvCell(measureId), ...columns.map((column) => csvCell(fields[column]))].join(','),
      );
    }
  }
  return withProvenanceCsv(json.provenance, `${lines.join('\r\n')}\r\n`);
}
