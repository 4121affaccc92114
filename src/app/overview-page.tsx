import { useQueries } from '@tanstack/react-query';
import { useEffect } from 'react';
import { tableSpec } from '../dataset/schema';
import { CATALOG } from '../measures/catalog';
import { useDb } from '../queries/db-context';
import type { LoadedExtract } from '../queries/extract';
import { DEFAULT_VIEW, measureQuery } from '../queries/measures';
import { CohortCountChart } from '../ui/cohort-count-chart';
import { MeasureCard } from '../ui/measure-card';
import { summarizeMeasure } from '../ui/measure-summary';

export type PageStatus = 'loading' | 'ready' | 'error';

export function OverviewPage({
  extract,
  onStatus,
}: {
  extract: LoadedExtract;
  onStatus: (status: PageStatus) => void;
}) {
  const db = useDb();
  const view = DEFAULT_VIEW;
  const loaded = new Set(extract.report.tables);
  const available = CATALOG.filter((m) => m.requires.every((t) => loaded.has(t)));
  const results = useQueries({
    queries: available.map((m) => measureQuery(db, extract, m, ['cohort'], view)),
  });
  const status: PageStatus = results.some((r) => r.isError)
    ? 'error'
    : results.some((r) => r.isPending)
      ? 'loading'
      : 'ready';
  useEffect(() => {
    onStatus(status);
  }, [status, onStatus]);

  const dataThrough = extract.report.dataThrough ?? '';
  const resultOf = (id: string) => results[available.findIndex((m) => m.id === id)];
  const identified = resultOf('families-identified')?.data;

  return (
    <>
      <section className="panel" aria-labelledby="reach-title">
        <div className="panel-head">
          <h2 id="reach-title">Mutual families identified, by quarter of their index date</h2>
          <p className="panel-sub">
            Families first served by both CalWORKs and Child Welfare, in Linkages units and in comparison units.
          </p>
        </div>
        {identified?.kind === 'count' ? (
          <CohortCountChart rows={identified.rows} title="Mutual families identified per quarter" />
        ) : (
          <div className="chart-placeholder" aria-busy="true">
            Computing…
          </div>
        )}
      </section>
      <section aria-labelledby="measures-title">
        <h2 id="measures-title" className="section-title">
          Evaluation measures
        </h2>
        <div className="card-grid">
          {CATALOG.filter((m) => m.id !== 'families-identified').map((measure) => {
            const index = available.indexOf(measure);
            if (index < 0) {
              const missing = measure.requires.filter((t) => !loaded.has(t)).map((t) => tableSpec(t).fileName);
              return <MeasureCard key={measure.id} measure={measure} status="unavailable" missingFile={missing.join(' and ')} />;
            }
            const result = results[index];
            const data = result?.data;
            return (
              <MeasureCard
                key={measure.id}
                measure={measure}
                status={result?.isError ? 'error' : data ? 'ready' : 'loading'}
                summary={data ? summarizeMeasure(measure, data, dataThrough) : undefined}
              />
            );
          })}
        </div>
      </section>
    </>
  );
}
