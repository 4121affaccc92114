import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { tableSpec, type Group } from '../dataset/schema';
import { availability, CATALOG, findMeasure } from '../measures/catalog';
import { PERIOD_NOUN } from '../measures/cohorts';
import { isTimeToEvent, valueKindOf } from '../measures/result-values';
import { BETTER_TEXT } from '../measures/verdict';
import type { MeasureDefinition, MeasureResult } from '../measures/types';
import { useDb } from '../queries/db-context';
import type { LoadedExtract } from '../queries/extract';
import { filterValuesQuery } from '../queries/filter-values';
import { GroupValue } from '../ui/group-value';
import { extractContentsQuery } from '../queries/extract-contents';
import { DEFAULT_VIEW, headlineQuery, measureQuery, type ViewSettings } from '../queries/measures';
import { byCounty, trendByCohort } from '../ui/chart-data';
import { ChartSubject } from '../ui/chart-frame';
import { CountyChart } from '../ui/county-chart';
import { fileStem } from '../ui/export-chart';
import { FilterBar } from '../ui/filter-bar';
import {
  formatCellValue,
  formatCohort,
  formatDate,
  formatFraction,
  formatInterval,
} from '../ui/format';
import { GROUP_ORDER } from '../ui/groups';
import { PrintButton, PrintedView } from '../ui/print-report';
import { SurvivalChart } from '../ui/survival-chart';
import { TrendChart } from '../ui/trend-chart';
import { DifferenceEstimates } from '../ui/difference-estimates';
import { headlineText, LatestCohortLine } from '../ui/measure-card';
import { summarizeMeasure, type MeasureSummary } from '../ui/measure-summary';
import { UnitsNote, VerdictLine } from '../ui/verdict-line';
import { usePageStatus, type PageProps, type PageStatus } from './page-status';
import { definitionalExclusion } from '../measures/definitional-exclusions';
import { DerivedNote } from './derived-note';
import { ExclusionNote, ExclusionText } from './exclusion-note';
import { filterText, filtersOf, hrefFor, type Location } from './use-hash-route';

/** The headline: the view's complete cohorts pooled, Linkages beside comparison (as on its card). */
function Headline({
  measure,
  result,
  summary,
}: {
  measure: MeasureDefinition;
  /** The pooled result the summary was read from (headlineQuery). */
  result: MeasureResult;
  summary: MeasureSummary;
}) {
  const kind = summary.kind;
  const test = result.kind === 'proportion' ? result.comparisons[0] : undefined;
  // Units per group come with the comparison; a group alone in the view has none to show.
  const units = result.kind === 'count' ? undefined : result.comparisons[0]?.units;
  const unitsOf = (group: Group) =>
    units ? ` · ${String(units[group])} unit${units[group] === 1 ? '' : 's'}` : '';
  return (
    <div className="headline" aria-label={headlineText(summary)}>
      <dl className="card-values">
        {GROUP_ORDER.map((group) => {
          const cell = summary.value[group];
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
                  {unitsOf(group)}
                </dd>
              )}
              {cell && kind === 'days' && (
                <dd className="headline-n">
                  median days · n ={' '}
                  {formatCellValue('count', { value: cell.n, masked: cell.n === null })}
                  {unitsOf(group)}
                </dd>
              )}
            </GroupValue>
          );
        })}
      </dl>
      {test && (
        <>
          <VerdictLine
            verdict={summary.verdict}
            fallback={test.suppressed ? 'Difference: masked' : 'Difference: not available'}
            showUnits={false}
          />
          {!summary.verdict.evidence && (
            <UnitsNote units={test.units} fewUnits={test.fewUnits} showUnits={false} />
          )}
          <DifferenceEstimates comparison={test} verdict={summary.verdict} />
        </>
      )}
      {result.kind !== 'proportion' && result.comparisons[0] && (
        <UnitsNote
          units={result.comparisons[0].units}
          fewUnits={result.comparisons[0].fewUnits}
          showUnits={false}
        />
      )}
      <LatestCohortLine summary={summary} />
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
  // The previous view stays on screen (dimmed) while the new one computes; its queries are cancelled.
  const trend = useQuery({
    ...measureQuery(db, extract, measure, ['cohort'], view),
    placeholderData: keepPreviousData,
  });
  // The same request as the overview card's headline: the view's complete cohorts pooled.
  const headline = headlineQuery(db, extract, measure, view);
  // By county over the cohorts the headline pools, so the counties add up to the headline.
  const county = useQuery({
    ...measureQuery(db, extract, measure, ['county'], { ...view, filters: headline.filters }),
    placeholderData: keepPreviousData,
  });
  const pooled = useQuery({ ...headline.options, placeholderData: keepPreviousData });
  const status = usePageStatus([trend, county, pooled], onStatus);

  const trendPoints = useMemo(
    () => (trend.data ? trendByCohort(measure, trend.data, dataThrough) : []),
    [trend.data, measure, dataThrough],
  );
  const summary = useMemo(
    () =>
      trend.data && pooled.data
        ? summarizeMeasure(measure, trend.data, pooled.data, headline.latestCohort, dataThrough)
        : null,
    [measure, trend.data, pooled.data, headline.latestCohort, dataThrough],
  );
  const countyPoints = useMemo(() => (county.data ? byCounty(county.data) : []), [county.data]);
  // Rule 9's note, once: beside the first table (by cohort, by county) whose result it masked
  // rows in, else under the headline.
  const derivedAt = trend.data?.derivedMasks
    ? 'trend'
    : county.data?.derivedMasks
      ? 'county'
      : pooled.data?.derivedMasks
        ? 'headline'
        : null;
  // The definitional exclusions' note (ExclusionNote), once, where this view masks a row: in
  // rule 9's box when that is on the page, else beside the first table with a masked row.
  const exclusion = definitionalExclusion(measure);
  const masks = (result: MeasureResult | undefined) =>
    result?.rows.some((row) => row.suppressed) === true;
  const exclusionAt =
    exclusion === null
      ? null
      : masks(trend.data)
        ? 'trend'
        : masks(county.data)
          ? 'county'
          : masks(pooled.data)
            ? 'headline'
            : null;
  const exclusionText = exclusion && exclusionAt && (
    <ExclusionText exclusion={exclusion} population={measure.population} />
  );
  const derivedNote = (at: typeof derivedAt) =>
    derivedAt === at ? (
      <DerivedNote location={location} population={measure.population}>
        {exclusionText}
      </DerivedNote>
    ) : derivedAt === null && exclusionAt === at && exclusion ? (
      <ExclusionNote exclusion={exclusion} population={measure.population} />
    ) : null;
  // A masked card's link (note=masked) brings the note that says why into view, once the view is
  // drawn: after the page's own focus on its heading (a later task), once per link followed.
  const noteKey = location.note === 'masked' ? hrefFor(location) : null;
  const noteReady = status === 'ready' && exclusionAt !== null;
  const noteShown = useRef<string | null>(null);
  useEffect(() => {
    if (noteKey === null || !noteReady || noteShown.current === noteKey) return;
    const timer = window.setTimeout(() => {
      const note = document.querySelector<HTMLElement>('[data-exclusion-note]');
      if (!note) return;
      noteShown.current = noteKey;
      if (!note.hasAttribute('tabindex')) note.tabIndex = -1;
      note.focus({ preventScroll: true });
      note.scrollIntoView({ block: 'center' });
    }, 0);
    return () => {
      window.clearTimeout(timer);
    };
  }, [noteKey, noteReady]);
  const span = summary?.span;
  const countyRange = span
    ? `${span.first === span.last ? 'complete cohort' : 'complete cohorts'} ${
        span.first === span.last
          ? formatCohort(span.first)
          : `${formatCohort(span.first)}–${formatCohort(span.last)}`
      }`
    : null;
  const kind = valueKindOf(measure);
  const stem = (part: string) => fileStem(measure.id, part, dataThrough, location.period);
  const period = PERIOD_NOUN[location.period];
  const valueNoun = kind === 'rate' ? 'Rate' : kind === 'count' ? 'Count' : 'Median days';
  const curveTitle =
    measure.kind === 'competing-time-to-event'
      ? `Cumulative incidence: share ${measure.eventLabel} by day (other exits compete)`
      : isTimeToEvent(measure)
        ? `Share ${measure.eventLabel} by day (1 − Kaplan–Meier)`
        : '';

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
            {summary ? headlineText(summary) : 'Complete cohorts pooled'}
          </h2>
          <p className="panel-sub">{viewText}</p>
        </div>
        {pooled.data && summary ? (
          <Headline measure={measure} result={pooled.data} summary={summary} />
        ) : (
          <p className="loading-line">Computing…</p>
        )}
        {derivedNote('headline')}
      </section>
      {isTimeToEvent(measure) &&
        pooled.data &&
        isTimeToEvent(pooled.data) &&
        pooled.data.rows.every((row) => row.n === 0) && (
          // No member in the pooled cohorts: no curve, no median "not reached", no empty axes.
          <section className="panel">
            <figure className="chart chart-frame" aria-labelledby="curve-title" data-chart="curve">
              <div className="chart-head">
                <h3 id="curve-title" className="chart-title">
                  {curveTitle}
                </h3>
              </div>
              <p className="chart-empty">
                No {measure.population} in this view’s complete cohorts: no curve to draw.
              </p>
            </figure>
          </section>
        )}
      {isTimeToEvent(measure) &&
        pooled.data &&
        isTimeToEvent(pooled.data) &&
        !pooled.data.rows.every((row) => row.n === 0) && (
          <section className="panel">
            <SurvivalChart
              id="curve"
              title={curveTitle}
              fileStem={stem('curve')}
              rows={pooled.data.rows}
              test={pooled.data.comparisons[0] ?? null}
              verdict={summary?.verdict ?? null}
              eventLabel={measure.eventLabel}
              population={measure.population}
              suppressed={pooled.data.suppression}
            />
          </section>
        )}
      <section className="panel">
        {trend.data ? (
          <TrendChart
            id="trend"
            title={`${valueNoun} by ${period} cohort`}
            subtitle={
              kind === 'rate'
                ? `Each point is the share of ${measure.population} in the cohort; the band is its 95% Wilson interval.`
                : kind === 'days'
                  ? `Median days to the event for each cohort's ${measure.population}, read off its curve; no point where the median is not reached, lies past the end of the drawn curve (the table reads “over N days”), or is masked.`
                  : `${measure.population.charAt(0).toUpperCase()}${measure.population.slice(1)} per cohort.`
            }
            fileStem={stem('by-cohort')}
            kind={kind}
            population={measure.population}
            points={trendPoints}
            empty={`No ${measure.population} in this view’s cohorts: nothing to draw.`}
          />
        ) : (
          <div className="chart-placeholder" aria-busy="true">
            Computing…
          </div>
        )}
        {derivedNote('trend')}
      </section>
      <section className="panel">
        {county.data ? (
          <CountyChart
            id="county"
            title={
              countyRange
                ? `${valueNoun} by county, ${countyRange}`
                : headline.latestCohort
                  ? `${valueNoun} by county`
                  : `${valueNoun} by county: no cohort in this view is complete yet`
            }
            subtitle={
              countyRange
                ? `The cohorts the headline pools: each county over ${countyRange}.${
                    kind === 'rate' ? ' Whiskers are 95% Wilson intervals.' : ''
                  }`
                : undefined
            }
            fileStem={stem('by-county')}
            kind={kind}
            points={countyPoints}
            population={measure.population}
            empty={
              headline.latestCohort
                ? `No ${measure.population} in this view’s complete cohorts: nothing to draw.`
                : `No cohort in this view is complete yet: nothing to draw by county.`
            }
          />
        ) : (
          <div className="chart-placeholder" aria-busy="true">
            Computing…
          </div>
        )}
        {derivedNote('county')}
      </section>
    </div>
  );
}

export function MeasurePage({ extract, location, navigate, onStatus }: PageProps) {
  const db = useDb();
  const filterValues = useQuery(filterValuesQuery(db, extract));
  const measure = findMeasure(location.measure ?? '');
  const contents = useQuery(extractContentsQuery(db, extract));
  const shown = measure && contents.data ? availability(measure, contents.data) : null;
  // Query keys are hashed by value: a new object with the same filters reuses the cached results.
  const view: ViewSettings = {
    ...DEFAULT_VIEW,
    period: location.period,
    filters: filtersOf(location),
  };
  const nothingToCompute = !measure || shown?.available === false;
  const waiting = measure !== undefined && !contents.data;
  useEffect(() => {
    if (contents.isError) onStatus('error');
    else if (waiting) onStatus('loading');
    else if (nothingToCompute) onStatus('ready');
  }, [contents.isError, waiting, nothingToCompute, onStatus]);

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
              <span className={`direction direction-${measure.better}`}>
                {BETTER_TEXT[measure.better]}
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
                <dd>
                  Counts of 1–10, rates on them and any number that would give one away read
                  “masked”, never zero
                </dd>
              </div>
            </dl>
          </section>
          <PrintedView href={hrefFor(location)} />
          <FilterBar
            values={filterValues.data}
            state={location}
            onChange={(change) => {
              navigate(change);
            }}
          />
          {!shown ? (
            <p className="loading-line">Computing…</p>
          ) : !shown.available ? (
            <p className="card-empty">
              <strong>Not measured.</strong> {shown.needs}.
            </p>
          ) : (
            <ChartSubject value={measure.title}>
              <MeasureView
                key={measure.id}
                extract={extract}
                measure={measure}
                location={location}
                view={view}
                onStatus={onStatus}
              />
            </ChartSubject>
          )}
        </>
      )}
    </>
  );
}
