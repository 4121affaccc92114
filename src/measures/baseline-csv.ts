import type { BaselineMean, BaselineResult, BaselineShare } from './baseline';
import { csvCell } from '../dataset/csv-cell';
import { measuresJsonToCsv, type MeasuresJson } from './run-catalog';

const COLUMNS = [
  'characteristic',
  'unit',
  'category',
  'linkagesCount',
  'linkagesShare',
  'linkagesN',
  'linkagesMean',
  'linkagesSd',
  'comparisonCount',
  'comparisonShare',
  'comparisonN',
  'comparisonMean',
  'comparisonSd',
  'standardizedDifference',
  'balance',
  'suppressed',
  'notMeasured',
] as const;

type Line = Partial<Record<(typeof COLUMNS)[number], unknown>>;

const share = (
  prefix: 'linkages' | 'comparison',
  value: BaselineShare,
  n: number | null,
): Line => ({
  [`${prefix}Count`]: value.count,
  [`${prefix}Share`]: value.share,
  [`${prefix}N`]: n,
});
const mean = (prefix: 'linkages' | 'comparison', value: BaselineMean): Line => ({
  [`${prefix}N`]: value.n,
  [`${prefix}Mean`]: value.mean,
  [`${prefix}Sd`]: value.sd,
});

/**
 * The baseline view as CSV: a row per category (counts, shares of the group's members `N`) or per
 * mean (members with a value `N`, mean, SD), masked values empty; a characteristic not measured
 * is one row saying why.
 */
export function baselineToCsv(result: BaselineResult): string {
  const lines: Line[] = result.characteristics.flatMap((c): Line[] => {
    const head = { characteristic: c.id, unit: c.unit };
    if (c.notMeasured !== null) return [{ ...head, notMeasured: c.notMeasured }];
    if (c.kind === 'mean') {
      return [
        {
          ...head,
          ...mean('linkages', c.linkages),
          ...mean('comparison', c.comparison),
          standardizedDifference: c.standardizedDifference,
          balance: c.balance,
          suppressed: c.suppressed,
        },
      ];
    }
    return c.categories.map((row) => ({
      ...head,
      category: row.category,
      ...share('linkages', row.linkages, c.members.linkages),
      ...share('comparison', row.comparison, c.members.comparison),
      standardizedDifference: row.standardizedDifference,
      balance: row.balance,
      suppressed: row.suppressed,
    }));
  });
  const text = [
    COLUMNS.join(','),
    ...lines.map((line) => COLUMNS.map((column) => csvCell(line[column])).join(',')),
  ];
  return `${text.join('\r\n')}\r\n`;
}

/** The measures CSV, then (when asked for) the baseline section after an empty line. */
export function catalogToCsv(json: MeasuresJson): string {
  const measures = measuresJsonToCsv(json);
  return json.baseline ? `${measures}\r\n${baselineToCsv(json.baseline)}` : measures;
}
