import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { baselineToCsv } from '../measures/baseline-csv';
import type { BaselineResult } from '../measures/baseline';
import type { Balance } from '../measures/standardized-difference';
import { baselineQuery } from '../queries/baseline';
import { useDb } from '../queries/db-context';
import { filterValuesQuery } from '../queries/filter-values';
import { DEFAULT_VIEW, type ViewSettings } from '../queries/measures';
import { BalanceLegend, BaselineTable, THRESHOLDS_TEXT } from '../ui/baseline-table';
import { withProvenanceCsv } from '../measures/provenance';
import { downloadCsv, downloadText } from '../ui/download';
import { useProvenance } from '../ui/provenance-context';
import { FilterBar } from '../ui/filter-bar';
import { formatDate } from '../ui/format';
import { usePageStatus, type PageProps } from './page-status';
import { filterText, filtersOf } from './use-hash-route';

/** "12 comparable, 3 need adjustment, 1 not comparable, 2 masked" over every row shown. */
function summaryText(result: BaselineResult): string {
  const classes: (Balance | null)[] = result.characteristics.flatMap((c) =>
    c.notMeasured !== null
      ? []
      : c.kind === 'mean'
        ? [c.balance]
        : c.categories.map((row) => row.balance),
  );
  const count = (balance: Balance | null) => classes.filter((c) => c === balance).length;
  const parts = [
    `${String(count('comparable'))} comparable`,
    `${String(count('needs-adjustment'))} needing adjustment`,
    `${String(count('not-comparable'))} not comparable`,
  ];
  const none = count(null);
  if (none > 0) parts.push(`${String(none)} masked or without both groups`);
  return `Of ${String(classes.length)} rows: ${parts.join(', ')}.`;
}

export function BaselinePage({ extract, location, navigate, onStatus }: PageProps) {
  const db = useDb();
  const filterValues = useQuery(filterValuesQuery(db, extract));
  const view: ViewSettings = {
    ...DEFAULT_VIEW,
    period: location.period,
    filters: filtersOf(location),
  };
  const baseline = useQuery({
    ...baselineQuery(db, extract, view),
    placeholderData: keepPreviousData,
  });
  const status = usePageStatus([baseline], onStatus);
  const provenance = useProvenance();
  const dataThrough = extract.report.dataThrough ?? '';
  const stem = `linkages-baseline-${dataThrough}`;
  const result = baseline.data;

  return (
    <>
      <section className="panel" aria-labelledby="baseline-title">
        <div className="panel-head">
          <h2 id="baseline-title" data-page-heading tabIndex={-1}>
            Groups at baseline
          </h2>
          <p className="panel-sub">
            Are the groups comparable? What was known about the families, adults and children on the
            index date, in Linkages units and in comparison units. Data through{' '}
            {formatDate(dataThrough)}; {filterText(location)}.
          </p>
        </div>
        <p>{THRESHOLDS_TEXT}</p>
        <BalanceLegend />
        {result && <p className="chart-note">{summaryText(result)}</p>}
      </section>
      <FilterBar values={filterValues.data} state={location} onChange={navigate} />
      <section
        className={status === 'loading' ? 'panel updating' : 'panel'}
        aria-labelledby="baseline-tables-title"
        aria-busy={status === 'loading'}
      >
        <div className="toolbar section-head">
          <h2 id="baseline-tables-title" className="section-title">
            Characteristics at the index date
          </h2>
          <div className="toolbar">
            <span className="export-label">This view (suppressed):</span>
            <button
              type="button"
              className="button secondary"
              disabled={!result}
              onClick={() => {
                if (result) {
                  downloadCsv(`${stem}.csv`, withProvenanceCsv(provenance, baselineToCsv(result)));
                }
              }}
            >
              Download CSV
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={!result}
              onClick={() => {
                if (result) {
                  downloadText(
                    `${stem}.json`,
                    `${JSON.stringify({ provenance, ...result }, null, 2)}\n`,
                    'application/json',
                  );
                }
              }}
            >
              Download JSON
            </button>
          </div>
        </div>
        {status === 'error' && (
          <div className="alert" role="alert">
            The baseline could not be computed for this view.
          </div>
        )}
        {result?.filteredMasked && (
          <p className="chart-note">
            Some columns read masked in this view because a county, unit or quarter of the extract
            holds 1–10 people in one of their categories: a view filtered by county, unit or cohort
            less another view would give them. Clear the filters to see every group over all
            counties and cohorts.
          </p>
        )}
        {result ? (
          result.characteristics.map((characteristic) => (
            <BaselineTable key={characteristic.id} characteristic={characteristic} />
          ))
        ) : (
          <p className="loading-line">Computing…</p>
        )}
      </section>
    </>
  );
}
