import { useQueries, useQuery } from '@tanstack/react-query';
import { memo, useMemo, useRef } from 'react';
import { availability, CATALOG, measuresShown, REACH_MEASURE } from '../measures/catalog';
import { PERIOD_NOUN } from '../measures/cohorts';
import { useDb } from '../queries/db-context';
import type { MeasureDefinition, MeasureResult } from '../measures/types';
import { downloadCsv, downloadText } from '../ui/download';
import { useExportMeasures } from '../queries/export-measures';
import { filterValuesQuery } from '../queries/filter-values';
import { extractContentsQuery } from '../queries/extract-contents';
import { DEFAULT_VIEW, headlineQuery, measureQuery, type ViewSettings } from '../queries/measures';
import { FilterBar } from '../ui/filter-bar';
import { PrintButton, PrintedView } from '../ui/print-report';
import { DerivedNote } from './derived-note';
import { filtersOf, hrefFor } from './use-hash-route';
import { CountByCohortChart } from '../ui/count-by-cohort-chart';
import { fileStem } from '../ui/export-chart';
import { MeasureCard } from '../ui/measure-card';
import { summarizeMeasure } from '../ui/measure-summary';
import { usePageStatus, type PageProps } from './page-status';

/**
 * A measure's card, drawn again only when its own result changes: each of the page's 17 queries
 * re-renders the page as it resolves, and drawing every card each time kept the main thread busy
 * for most of a filter change at 1M rows.
 */
const OverviewCard = memo(function OverviewCard({
  measure,
  href,
  maskedHref,
  status,
  data,
  headline,
  latestCohort,
  dataThrough,
}: {
  measure: MeasureDefinition;
  href: string;
  /** The measure page at its note on why rows read "masked". */
  maskedHref: string;
  status: 'ready' | 'loading' | 'error';
  /** By cohort: the trend and the latest complete cohort. */
  data: MeasureResult | undefined;
  /** The view's complete cohorts pooled (headlineQuery). */
  headline: MeasureResult | undefined;
  latestCohort: string | null;
  dataThrough: string;
}) {
  const summary = useMemo(
    () =>
      data && headline
        ? summarizeMeasure(measure, data, headline, latestCohort, dataThrough)
        : undefined,
    [measure, data, headline, latestCohort, dataThrough],
  );
  return (
    <MeasureCard
      measure={measure}
      href={href}
      maskedHref={maskedHref}
      status={status}
      summary={summary}
    />
  );
});

export function OverviewPage({ extract, location, navigate, onStatus }: PageProps) {
  const db = useDb();
  // The filters live in the URL next to the period; every chart and card applies them.
  const { period } = location;
  const filterValues = useQuery(filterValuesQuery(db, extract));
  const view: ViewSettings = { ...DEFAULT_VIEW, period, filters: filtersOf(location) };
  const contents = useQuery(extractContentsQuery(db, extract));
  const available = contents.data ? measuresShown(contents.data) : [];
  const results = useQueries({
    queries: available.map((m) => measureQuery(db, extract, m, ['cohort'], view)),
  });
  // Each card's headline: the view's complete cohorts pooled, the request the measure page makes.
  const headlines = available.map((m) => headlineQuery(db, extract, m, view));
  const pooled = useQueries({ queries: headlines.map((h) => h.options) });
  const statusOf: Parameters<typeof usePageStatus>[0][number][] = [contents];
  usePageStatus(statusOf.concat(results, pooled), onStatus);

  const dataThrough = extract.report.dataThrough ?? '';
  const exportFormat = useRef<'json' | 'csv'>('json');
  const exporter = useExportMeasures(extract, ({ json, csv }) => {
    const stem = `linkages-measures-${dataThrough}-by-county-${period}`;
    if (exportFormat.current === 'json') {
      downloadText(`${stem}.json`, `${JSON.stringify(json, null, 2)}\n`, 'application/json');
    } else {
      downloadCsv(`${stem}.csv`, csv);
    }
  });
  const exportAs = (format: 'json' | 'csv') => {
    exportFormat.current = format;
    exporter.mutate({ by: ['county', 'cohort'], period, filters: view.filters });
  };
  const identified = results[available.indexOf(REACH_MEASURE)]?.data;
  // Rule 9's note, once: under the families chart when it masked rows there, else above the cards.
  const derivedAt = identified?.derivedMasks
    ? 'reach'
    : results.some((r) => r.data?.derivedMasks) || pooled.some((r) => r.data?.derivedMasks)
      ? 'cards'
      : null;

  return (
    <>
      <PrintedView href={hrefFor({ ...location, period })} />
      <FilterBar values={filterValues.data} state={location} onChange={navigate} />
      <section className="panel" aria-labelledby="reach-title">
        {identified?.kind === 'count' ? (
          <CountByCohortChart
            id="reach"
            title={`Mutual families identified, by ${PERIOD_NOUN[period]} of their index date`}
            subtitle="Families first served by both CalWORKs and Child Welfare, in Linkages units and in comparison units."
            chartLabel="Mutual families identified per cohort"
            fileStem={fileStem(REACH_MEASURE.id, dataThrough, period)}
            rows={identified.rows}
          />
        ) : (
          <div className="chart-placeholder" aria-busy="true">
            Computing…
          </div>
        )}
        {derivedAt === 'reach' && <DerivedNote location={location} population="people" />}
      </section>
      <section aria-labelledby="measures-title">
        <div className="toolbar section-head">
          <h2 id="measures-title" className="section-title">
            Evaluation measures
          </h2>
          <div className="toolbar">
            <PrintButton />
            <span className="export-label">
              All measures of this view by county and cohort (suppressed):
            </span>
            <button
              type="button"
              className="button secondary"
              disabled={exporter.isPending}
              onClick={() => {
                exportAs('csv');
              }}
            >
              Download CSV
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={exporter.isPending}
              onClick={() => {
                exportAs('json');
              }}
            >
              Download JSON
            </button>
          </div>
        </div>
        {derivedAt === 'cards' && (
          <div className="derived-cards">
            <DerivedNote location={location} population="people" />
          </div>
        )}
        <div className="card-grid">
          {CATALOG.filter((m) => m !== REACH_MEASURE).map((measure) => {
            if (!contents.data) {
              return <MeasureCard key={measure.id} measure={measure} status="loading" />;
            }
            const shown = availability(measure, contents.data);
            if (!shown.available) {
              return (
                <MeasureCard
                  key={measure.id}
                  measure={measure}
                  status="unavailable"
                  needs={shown.needs}
                />
              );
            }
            const index = available.indexOf(measure);
            const result = results[index];
            const headline = pooled[index];
            const data = result?.data;
            return (
              <OverviewCard
                key={measure.id}
                measure={measure}
                href={hrefFor({ ...location, period, route: 'measure', measure: measure.id })}
                maskedHref={hrefFor({
                  ...location,
                  period,
                  route: 'measure',
                  measure: measure.id,
                  note: 'masked',
                })}
                status={
                  result?.isError || headline?.isError
                    ? 'error'
                    : data && headline?.data
                      ? 'ready'
                      : 'loading'
                }
                data={data}
                headline={headline?.data}
                latestCohort={headlines[index]?.latestCohort ?? null}
                dataThrough={dataThrough}
              />
            );
          })}
        </div>
      </section>
    </>
  );
}
