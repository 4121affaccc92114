import { csvCell } from '../dataset/csv-cell';
import type { MeasureFilters, Period } from './types';

/**
 * Where a number came from: the one home of the provenance line that every output carries
 * (slides, printed pages, PNG/SVG charts, CSV/JSON exports, the PowerPoint deck, the command
 * line). The synthetic sample is always named as such, never as county data.
 */

/** The data behind an output: the bundled synthetic sample, or the evaluator's own files. */
export interface DataSource {
  kind: 'sample' | 'county';
  /** File names only (never a path), in the order loaded. */
  fileNames: readonly string[];
}

/** The view an output shows: its cohort size, filters and breakdown. */
export interface ProvenanceView {
  period: Period;
  filters: MeasureFilters;
  /** Only for outputs broken down by a key (the command line's `--by`). */
  by?: readonly string[];
}

/** Provenance as data (JSON exports) and as one line of text (every other output). */
export interface Provenance {
  /** "Synthetic sample — not county data" or "County extract: families.csv, children.csv". */
  source: string;
  synthetic: boolean;
  fileNames: string[];
  /** ISO `YYYY-MM-DD`, or null while the extract has none. */
  dataThrough: string | null;
  /** "Quarterly cohorts · all counties · all units · all cohorts". */
  view: string;
  suppression: string;
  /** Everything above in one line, for a footer. */
  line: string;
}

export const SYNTHETIC_SOURCE = 'Synthetic sample — not county data';
export const SUPPRESSION_NOTE = 'Counts of 1–10 and numbers that would reveal them masked';

const PERIOD_TEXT: Record<Period, string> = {
  quarter: 'Quarterly cohorts',
  half: 'Half-year cohorts',
  year: 'Yearly cohorts',
};

const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** `2025-06-30` → `Jun 30, 2025` (the same words as the dashboard's dates); null → `—`. */
export function provenanceDate(iso: string | null): string {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!match) return '—';
  return `${MONTHS[Number(match[2]) - 1] ?? '?'} ${Number(match[3])}, ${match[1]}`;
}

/** The source in words: the sample is never passed off as county data. */
export function describeSource(source: DataSource): string {
  if (source.kind === 'sample') return SYNTHETIC_SOURCE;
  return source.fileNames.length > 0
    ? `County extract: ${source.fileNames.join(', ')}`
    : 'County extract';
}

function cohortLabel(label: string): string {
  return label.replace(/^(\d{4})([QH]\d)$/, '$1 $2');
}

/** The view's settings in words; a filter not set reads "all". */
export function describeView(view: ProvenanceView): string {
  const { filters } = view;
  const counties = filters.counties?.length ? filters.counties.join(', ') : 'all counties';
  const units = filters.units?.length
    ? `unit${filters.units.length > 1 ? 's' : ''} ${filters.units.join(', ')}`
    : 'all units';
  const from = filters.cohortFrom ? cohortLabel(filters.cohortFrom) : null;
  const to = filters.cohortTo ? cohortLabel(filters.cohortTo) : null;
  const cohorts =
    from && to
      ? from === to
        ? `cohort ${from}`
        : `cohorts ${from} to ${to}`
      : from
        ? `cohorts from ${from}`
        : to
          ? `cohorts to ${to}`
          : 'all cohorts';
  const by = view.by?.length ? [`by ${view.by.join(' and ')}`] : [];
  return [PERIOD_TEXT[view.period], counties, units, cohorts, ...by].join(' · ');
}

/**
 * The provenance of one output: its data's source, data-through date (ISO), view and
 * suppression. `suppressed: false` is only for the internal view ("internal — not for
 * publication").
 */
export function provenanceOf(
  source: DataSource,
  dataThrough: string | null,
  view: ProvenanceView,
  suppressed = true,
): Provenance {
  const sourceText = describeSource(source);
  const viewText = describeView(view);
  const suppression = suppressed
    ? SUPPRESSION_NOTE
    : 'Not suppressed — internal, not for publication';
  return {
    source: sourceText,
    synthetic: source.kind === 'sample',
    fileNames: [...source.fileNames],
    dataThrough,
    view: viewText,
    suppression,
    line: `Source: ${sourceText} · Data through ${provenanceDate(dataThrough)} · ${viewText} · ${suppression}`,
  };
}

/**
 * Provenance as the first lines of a CSV file, one `# Label,value` row each: Source, Data through
 * (ISO), View, Suppression. A spreadsheet shows them as a labelled block above the table; readers
 * with a comment option (DuckDB `comment='#'`, pandas `comment='#'`, R `comment.char='#'`) skip
 * them, as does the loader's title-line rule (`titleLineCount`) for an extract-shaped file.
 */
export function provenanceCsvLines(provenance: Provenance): string[] {
  return [
    ['# Source', provenance.source],
    ['# Data through', provenance.dataThrough ?? ''],
    ['# View', provenance.view],
    ['# Suppression', provenance.suppression],
  ].map(([label, value]) => `${label ?? ''},${csvCell(value)}`);
}

/** A CSV text (CRLF lines) with the provenance lines above its header. */
export function withProvenanceCsv(provenance: Provenance, csv: string): string {
  return `${provenanceCsvLines(provenance).join('\r\n')}\r\n${csv}`;
}
