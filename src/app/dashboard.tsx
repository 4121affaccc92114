import { useCallback, useEffect, useRef, useState } from 'react';
import { findMeasure } from '../measures/catalog';
import { useExtract } from '../queries/extract';
import { DataBanner } from '../ui/data-banner';
import { UploadArea } from './upload-area';
import { BaselinePage } from './baseline-page';
import { DataPage } from './data-page';
import { MeasurePage } from './measure-page';
import { OverviewPage } from './overview-page';
import type { PageStatus } from './page-status';
import { Presentation } from './presentation';
import { DEFAULT_MEASURE, filtersOf, hrefFor, useHashRoute } from './use-hash-route';

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
  const { extract, loading, pending, error, failedReport, dismissFailure } = useExtract();
  const [location, navigate] = useHashRoute();
  const [presenting, setPresenting] = useState(false);
  const { route } = location;
  // The view the status refers to: tests and the benchmark wait for "ready" on a given view.
  const view = hrefFor(location).replace(/^#\//, '');
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

  const fatal = extract === null ? (error?.message ?? failedReport?.fatal ?? null) : null;
  const status = fatal
    ? 'error'
    : loading || !extract || pageStatus?.key !== statusKey
      ? 'loading'
      : pageStatus.status;

  return (
    <div className="app" data-status={status} data-view={view}>
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
            href={hrefFor({ ...location, route: 'overview' })}
            aria-current={route === 'overview' ? 'page' : undefined}
          >
            Overview
          </a>
          <a
            href={hrefFor({
              ...location,
              route: 'measure',
              measure: location.measure ?? DEFAULT_MEASURE,
            })}
            aria-current={route === 'measure' ? 'page' : undefined}
          >
            Measures
          </a>
          <a
            href={hrefFor({ ...location, route: 'baseline' })}
            aria-current={route === 'baseline' ? 'page' : undefined}
          >
            Groups at baseline
          </a>
          <a
            href={hrefFor({ ...location, route: 'data' })}
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
            </ul>
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
}
