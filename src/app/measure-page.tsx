import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { tableSpec } from '../dataset/schema';
import { CATALOG, findMeasure } from '../measures/catalog';
import type { MeasureDefinition, MeasureResult } from '../measures/types';
import { useDb } from '../queries/db-context';
import type { LoadedExtract } from '../queries/extract';
import { filterValuesQuery } from '../queries/filter-values';
import { GroupValue } from '../ui/group-value';
import { DEFAULT_VIEW, measureQuery, type ViewSettings } from '../queries/measures';
import { byCounty, cellOf, trendByCohort } from '../ui/chart-data';
import { CountyChart } from '../ui/county-chart';
import { fileStem } from '../ui/export-chart';
import { FilterBar } from '../ui/filter-bar';
import {
  formatCellValue,
  formatDate,
  formatFraction,
  formatInterval,
  formatP,
  formatPoints,
  type ValueKind,
} from '../ui/format';
import { GROUP_ORDER } from '../ui/groups';
import { PrintButton, PrintedView } from '../ui/print-report';
import { SurvivalChart } from '../ui/survival-chart';
import { directionText } from '../ui/measure-card';
import { TrendChart } from '../ui/trend-chart';
import type { PageStatus } from './overview-page';
import { usePageStatus } from './page-status';
import { filterText, filtersOf, hrefFor, type Location } from './use-hash-route';

const PERIOD_NOUN = { quarter: 'quarter', half: 'half-year', year: 'year' } as const;

/** What a time-to-event curve counts, for labels: "share coordinated by day t". */
const EVENT_LABEL: Record<string, string> = {
  'time-to-coordination': 'coordinated',
  'time-to-reunification': 'reunified',
};

export function valueKindOf(measure: MeasureDefinition): ValueKind {
  if (measure.kind === 'count') return 'count';
  if (measure.kind === 'proportion') return 'rate';
  return 'days';
}

function isTimeToEvent(measure: MeasureDefinition): boolean {
  return measure.kind === 'time-to-event' || measure.kind === 'competing-time-to-event';
}

/** The pooled estimate for the whole filtered view, Linkages beside comparison. */
function Headline({ measure, result }: { measure: MeasureDefinition; result: MeasureResult }) {
  const kind = valueKindOf(measure);
  const rows: readonly MeasureResult['rows'][number][] = result.rows;
  const test = result.kind === 'proportion' ? result.comparisons[0] : undefined;
  return (
    <div className="headline" aria-label="All cohorts in view, pooled">
      <dl className="card-values">
        {GROUP_ORDER.map((group) => {
          const cell = cellOf(rows.find((r) => r.group === group));
          return (
            <GroupValue
              key={group}
              group={group}
              value={formatCellValue(kind, cell)}
              unstable={cell?.unstable ?? false}
            >
              {cell && kind === 'rate' && (
                <dd className="headline-n">
                  {formatFraction(cell.events, cell.n)} {measure.population}
                  {!cell.masked && cell.low !== null && (
                    <> · 95% CI {formatInterval(cell.low, cell.high)}</>
                  )}
                </dd>
              )}
              {cell && kind === 'days' && (
                <dd className="headline-n">
                  median days · n ={' '}
                  {formatCellValue('count', { value: cell.n, masked: cell.n === null })}
                </dd>
              )}
            </GroupValue>
          );
        })}
      </dl>
      {test && (
        <p className="card-diff">
          {test.suppressed ? (
            'Difference: masked'
          ) : test.difference === null ? (
            'Difference: not available'
          ) : (
            <>
              <span className="diff-value">{formatPoints(test.difference)}</span> Linkages −
              comparison
              <span className="diff-ci">
                {' '}
                (95% CI {formatInterval(test.ciLow, test.ciHigh, 100, ' pts')}; {formatP(test.p)})
              </span>
            </>
          )}
        </p>
      )}
    </div>
  );
}

function MeasureView({
  extract,
  measure,
  location,
  view,
  onStatus,
}: {
  extract: LoadedExtract;
  measure: MeasureDefinition;
  location: Location;
  view: ViewSettings;
  onStatus: (status: PageStatus) => void;
}) {
  const db = useDb();
  const dataThrough = extract.report.dataThrough ?? '';
  const viewText = filterText(location);
  const exportNotes = useMemo(
    () => [
      `${measure.title}: ${viewText}. Data through ${formatDate(dataThrough)}; small cells suppressed.`,
    ],
    [measure.title, viewText, dataThrough],
  );
  // The previous view stays on screen (dimmed) while the new one computes; its queries are cancelled.
  const trend = useQuery({
    ...measureQuery(db, extract, measure, ['cohort'], view),
    placeholderData: keepPreviousData,
  });
  const county = useQuery({
    ...measureQuery(db, extract, measure, ['county'], view),
    placeholderData: keepPreviousData,
  });
  const pooled = useQuery({
    ...measureQuery(db, extract, measure, [], view),
    placeholderData: keepPreviousData,
  });
  const status = usePageStatus([trend, county, pooled], onStatus);

  const trendPoints = useMemo(
    () => (trend.data ? trendByCohort(measure, trend.data, dataThrough) : []),
    [trend.data, measure, dataThrough],
  );
  const countyPoints = useMemo(() => (county.data ? byCounty(county.data) : []), [county.data]);
  const kind = valueKindOf(measure);
  const stem = (part: string) => fileStem(measure.id, part, dataThrough, location.period);
  const period = PERIOD_NOUN[location.period];
  const valueNoun = kind === 'rate' ? 'Rate' : kind === 'count' ? 'Count' : 'Median days';
  const eventLabel = EVENT_LABEL[measure.id] ?? 'reaching the event';

  return (
    <div
      className={status === 'loading' ? 'measure-view updating' : 'measure-view'}
      aria-busy={status === 'loading'}
    >
      {status === 'error' && (
        <div className="alert" role="alert">
          This measure could not be computed for this view.
        </div>
      )}
      <section className="panel" aria-labelledby="headline-title">
        <div className="panel-head">
          <h2 id="headline-title" className="chart-title">
            All cohorts in view, pooled
          </h2>
          <p className="panel-sub">{viewText}</p>
        </div>
        {pooled.data ? (
          <Headline measure={measure} result={pooled.data} />
        ) : (
          <p className="loading-line">Computing…</p>
        )}
      </section>
      {isTimeToEvent(measure) &&
        (pooled.data?.kind === 'time-to-event' ||
          pooled.data?.kind === 'competing-time-to-event') && (
          <section className="panel">
            <SurvivalChart
              exportNotes={exportNotes}
              id="curve"
              title={
                measure.kind === 'competing-time-to-event'
                  ? `Cumulative incidence: share ${eventLabel} by day (other exits compete)`
                  : `Share ${eventLabel} by day (1 − Kaplan–Meier)`
              }
              fileStem={stem('curve')}
              rows={pooled.data.rows}
              test={pooled.data.comparisons[0] ?? null}
              eventLabel={eventLabel}
              population={measure.population}
              suppressed={pooled.data.suppression}
            />
          </section>
        )}
      <section className="panel">
        {trend.data ? (
          <TrendChart
            exportNotes={exportNotes}
            id="trend"
            title={`${valueNoun} by ${period} cohort`}
            subtitle={
              kind === 'rate'
                ? `Each point is the share of ${measure.population} in the cohort; the band is its 95% Wilson interval.`
                : kind === 'days'
                  ? `Median days to the event for each cohort's ${measure.population}, read off its curve; no point where the median is not reached or masked.`
                  : `${measure.population.charAt(0).toUpperCase()}${measure.population.slice(1)} per cohort.`
            }
            fileStem={stem('by-cohort')}
            kind={kind}
            population={measure.population}
            points={trendPoints}
          />
        ) : (
          <div className="chart-placeholder" aria-busy="true">
            Computing…
          </div>
        )}
      </section>
      <section className="panel">
        {county.data ? (
          <CountyChart
            exportNotes={exportNotes}
            id="county"
            title={`${valueNoun} by county, all cohorts in view`}
            subtitle={kind === 'rate' ? 'Whiskers are 95% Wilson intervals.' : undefined}
            fileStem={stem('by-county')}
            kind={kind}
            points={countyPoints}
          />
        ) : (
          <div className="chart-placeholder" aria-busy="true">
            Computing…
          </div>
        )}
      </section>
    </div>
  );
}

export function MeasurePage({
  extract,
  location,
  navigate,
  onStatus,
}: {
  extract: LoadedExtract;
  location: Location;
  navigate: (change: Partial<Location>) => void;
  onStatus: (status: PageStatus) => void;
}) {
  const db = useDb();
  const filterValues = useQuery(filterValuesQuery(db, extract));
  const measure = findMeasure(location.measure ?? '');
  const loaded = new Set(extract.report.tables);
  const missing = measure
    ? measure.requires.filter((t) => !loaded.has(t)).map((t) => tableSpec(t).fileName)
    : [];
  // Query keys are hashed by value: a new object with the same filters reuses the cached results.
  const view: ViewSettings = {
    ...DEFAULT_VIEW,
    period: location.period,
    filters: filtersOf(location),
  };
  const nothingToCompute = !measure || missing.length > 0;
  useEffect(() => {
    if (nothingToCompute) onStatus('ready');
  }, [nothingToCompute, onStatus]);

  return (
    <>
      <div className="measure-head">
        <a className="back-link" href={hrefFor({ ...location, route: 'overview', measure: null })}>
          ← All measures
        </a>
        <label className="measure-picker">
          <span>Measure</span>
          <select
            value={measure?.id ?? ''}
            onChange={(event) => {
              navigate({ route: 'measure', measure: event.target.value });
            }}
          >
            {!measure && <option value="">Choose a measure</option>}
            {CATALOG.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
          </select>
        </label>
        <PrintButton />
      </div>
      {!measure ? (
        <p className="alert" role="alert">
          There is no measure “{location.measure}”. Choose one above.
        </p>
      ) : (
        <>
          <section className="panel measure-intro" aria-labelledby="measure-title">
            <div className="card-head">
              <h2 id="measure-title" data-page-heading tabIndex={-1}>
                {measure.title}
              </h2>
              <span className={`direction direction-${measure.direction}`}>
                {directionText(measure)}
              </span>
            </div>
            <p className="measure-definition">{measure.definition}</p>
            <dl className="measure-facts">
              <div>
                <dt>Who is counted</dt>
                <dd>
                  {measure.population}, from{' '}
                  {measure.requires.map((t) => tableSpec(t).fileName).join(' and ')}
                </dd>
              </div>
              <div>
                <dt>Data through</dt>
                <dd>{formatDate(extract.report.dataThrough)}</dd>
              </div>
              <div>
                <dt>Groups</dt>
                <dd>
                  Linkages units against comparison units, by the unit’s assignment at the start
                  (intention to treat)
                </dd>
              </div>
              <div>
                <dt>Small cells</dt>
                <dd>Counts of 1–10 read “&lt;11”; rates on them are masked, never shown as zero</dd>
              </div>
            </dl>
          </section>
          <PrintedView href={hrefFor(location)} filters={filterText(location)} />
          <FilterBar
            values={filterValues.data}
            state={location}
            onChange={(change) => {
              navigate(change);
            }}
          />
          {missing.length > 0 ? (
            <p className="card-empty">
              Needs <strong>{missing.join(' and ')}</strong>. Load it with the other files to see
              this measure.
            </p>
          ) : (
            <MeasureView
              key={measure.id}
              extract={extract}
              measure={measure}
              location={location}
              view={view}
              onStatus={onStatus}
            />
          )}
        </>
      )}
    </>
  );
}
