import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { findMeasure } from '../measures/catalog';
import { provenanceOf } from '../measures/provenance';
import { dataSourceOf, useExtract } from '../queries/extract';
import { DataBanner } from '../ui/data-banner';
import { PrintedProvenance, ProvenanceProvider } from '../ui/provenance-context';
import { UploadArea } from './upload-area';
import { BaselinePage } from './baseline-page';
import { DataPage } from './data-page';
import { MeasurePage } from './measure-page';
import { OverviewPage } from './overview-page';
import type { PageStatus } from './page-status';
import { Presentation } from './presentation';
import { DEFAULT_MEASURE, filtersOf, hrefFor, useHashRoute, viewOf } from './use-hash-route';

const PAGE_TITLES = {
  overview: 'Overview',
  data: 'Data & validation',
  baseline: 'Groups at baseline',
} as const;

/** Moves focus to a page's heading (or else the main area) without scrolling past the header. */
function focusPage(target: 'page' | 'measures') {
  const element =
    document.querySelector<HTMLElement>(
      target === 'measures' ? '.card-grid h3' : '[data-page-heading]',
    ) ?? document.querySelector<HTMLElement>('#main');
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.tabIndex = -1;
  element.focus();
}

export function Dashboard() {
  const { extract, loading, pending, error, failedReport, notice, dismissFailure } = useExtract();
  const [location, navigate] = useHashRoute();
  // The tabs lead to views, never to a note brought into view (Location.note).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped from the tabs' links
  const { note: _note, ...place } = location;
  const [presenting, setPresenting] = useState(false);
  const { route } = location;
  // The view the status refers to: tests and the benchmark wait for "ready" on a given view.
  const view = viewOf(location);
  const statusKey = `${String(extract?.id ?? 0)}|${view}`;
  const [pageStatus, setPageStatus] = useState<{ key: string; status: PageStatus } | null>(null);
  const reportStatus = useCallback(
    (next: PageStatus) => {
      setPageStatus((prev) =>
        prev?.key === statusKey && prev.status === next ? prev : { key: statusKey, status: next },
      );
    },
    [statusKey],
  );

  // A new page (not a filter change) takes focus to its heading and is announced; the first
  // page of a visit keeps focus where the browser put it.
  const measureTitle =
    route === 'measure' ? (findMeasure(location.measure ?? '')?.title ?? 'Measure') : null;
  const pageTitle = measureTitle ?? PAGE_TITLES[route === 'measure' ? 'overview' : route];
  const pageKey = route === 'measure' ? `measure/${location.measure ?? ''}` : route;
  const shownPage = useRef(pageKey);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (shownPage.current === pageKey || !extract) return;
    shownPage.current = pageKey;
    focusPage('page');
    setAnnouncement(`${pageTitle} page`);
  }, [pageKey, pageTitle, extract]);

  // Leaving the presentation gives focus back to the button that opened it.
  const presentButton = useRef<HTMLButtonElement>(null);
  const wasPresenting = useRef(false);
  useEffect(() => {
    if (wasPresenting.current && !presenting) presentButton.current?.focus();
    wasPresenting.current = presenting;
  }, [presenting]);

  // What every output of this view says it came from; the data page is not filtered.
  const provenance = useMemo(
    () =>
      extract &&
      provenanceOf(dataSourceOf(extract), extract.report.dataThrough, {
        period: location.period,
        filters: route === 'data' ? {} : filtersOf(location),
      }),
    [extract, location, route],
  );

  const fatal = extract === null ? (error?.message ?? failedReport?.fatal ?? null) : null;
  const status = fatal
    ? 'error'
    : loading || !extract || pageStatus?.key !== statusKey
      ? 'loading'
      : pageStatus.status;

  const page = (
    <div className="app" data-status={status} data-view={view}>
      {provenance && <PrintedProvenance />}
      <nav className="skip-links" aria-label="Skip links">
        <a
          href="#main"
          className="skip-link"
          onClick={(event) => {
            event.preventDefault();
            focusPage('page');
          }}
        >
          Skip to main content
        </a>
        {route === 'overview' && extract && (
          <a
            href="#measures-title"
            className="skip-link"
            onClick={(event) => {
              event.preventDefault();
              focusPage('measures');
            }}
          >
            Skip to the measures
          </a>
        )}
      </nav>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          <div>
            <h1>Linkages Evaluation Dashboard</h1>
            <p className="tagline">
              CalWORKs and Child Welfare, one coordinated plan: are families doing better?
            </p>
          </div>
        </div>
        <div className="header-actions">
          <UploadArea />
          <button
            ref={presentButton}
            type="button"
            className="button"
            disabled={!extract}
            onClick={() => {
              setPresenting(true);
            }}
          >
            Present early wins
          </button>
        </div>
        <nav className="tabs" aria-label="Pages">
          <a
            href={hrefFor({ ...place, route: 'overview' })}
            aria-current={route === 'overview' ? 'page' : undefined}
          >
            Overview
          </a>
          <a
            href={hrefFor({
              ...place,
              route: 'measure',
              measure: location.measure ?? DEFAULT_MEASURE,
            })}
            aria-current={route === 'measure' ? 'page' : undefined}
          >
            Measures
          </a>
          <a
            href={hrefFor({ ...place, route: 'baseline' })}
            aria-current={route === 'baseline' ? 'page' : undefined}
          >
            Groups at baseline
          </a>
          <a
            href={hrefFor({ ...place, route: 'data' })}
            aria-current={route === 'data' ? 'page' : undefined}
          >
            Data &amp; validation
          </a>
        </nav>
      </header>
      {extract && (
        <DataBanner
          extract={extract}
          onShowReport={() => {
            navigate({ route: 'data' });
          }}
        />
      )}
      <main className="page" id="main" tabIndex={-1}>
        {fatal && (
          <div className="alert" role="alert">
            {fatal}
          </div>
        )}
        {extract && notice && !loading && !failedReport && (
          <div className="alert" role="status">
            <p>
              {notice} The data already loaded ({extract.label}) is still shown.{' '}
              <button type="button" className="link-button" onClick={dismissFailure}>
                Dismiss
              </button>
            </p>
          </div>
        )}
        {extract && failedReport && (
          <div className="alert" role="alert">
            <p>
              <strong>Your files could not be loaded.</strong> {failedReport.fatal}
            </p>
            <ul>
              {failedReport.files
                .filter((f) => f.error && !failedReport.fatal?.includes(f.error))
                .map((f) => (
                  <li key={f.fileName}>{f.error}</li>
                ))}
              {failedReport.files
                .filter((f) => !f.error && f.loaded + f.warnings === 0)
                .flatMap((f) =>
                  f.issues
                    .filter((i) => i.severity === 'error')
                    .slice(0, 3)
                    .map((i) => (
                      <li key={`${f.fileName}|${i.reason}`}>
                        {f.fileName}, {i.count === 1 ? 'row' : 'rows'}{' '}
                        {i.examples.map((e) => e.rowNo.toLocaleString('en-US')).join(', ')}
                        {i.count > i.examples.length ? ' and others' : ''}: {i.reason}
                      </li>
                    )),
                )}
            </ul>
            {notice && <p>{notice}</p>}
            <p>
              The data already loaded ({extract.label}) is still shown.{' '}
              <button type="button" className="link-button" onClick={dismissFailure}>
                Dismiss
              </button>
            </p>
          </div>
        )}
        {!extract && !fatal && (
          <p className="loading-line" aria-busy="true">
            {pending?.source === 'upload'
              ? 'Loading the extract kept on this computer…'
              : 'Loading the sample extract…'}
          </p>
        )}
        {/* The measure and baseline pages title themselves in their first panel. */}
        {extract && route !== 'measure' && route !== 'baseline' && (
          <h2 className="page-title" data-page-heading tabIndex={-1}>
            {pageTitle}
          </h2>
        )}
        {extract && route === 'overview' && (
          <OverviewPage
            extract={extract}
            location={location}
            navigate={navigate}
            onStatus={reportStatus}
          />
        )}
        {extract && route === 'measure' && (
          <MeasurePage
            extract={extract}
            location={location}
            navigate={navigate}
            onStatus={reportStatus}
          />
        )}
        {extract && route === 'baseline' && (
          <BaselinePage
            extract={extract}
            location={location}
            navigate={navigate}
            onStatus={reportStatus}
          />
        )}
        {extract && route === 'data' && <DataPage extract={extract} onStatus={reportStatus} />}
      </main>
      <footer className="app-footer">
        Everything is computed on this computer; no data leaves it. Small cells are suppressed per
        the CalHHS Data De-identification Guidelines.
      </footer>
      {presenting && extract && (
        <Presentation
          extract={extract}
          period={location.period}
          filters={filtersOf(location)}
          onExit={() => {
            setPresenting(false);
          }}
        />
      )}
    </div>
  );
  return <ProvenanceProvider provenance={provenance}>{page}</ProvenanceProvider>;
}
