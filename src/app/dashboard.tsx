import { useCallback, useState } from 'react';
import { useExtract } from '../queries/extract';
import { DataBanner } from '../ui/data-banner';
import { UploadArea } from './upload-area';
import { BaselinePage } from './baseline-page';
import { DataPage } from './data-page';
import { MeasurePage } from './measure-page';
import { OverviewPage, type PageStatus } from './overview-page';
import { Presentation } from './presentation';
import { DEFAULT_MEASURE, filtersOf, hrefFor, useHashRoute } from './use-hash-route';

export function Dashboard() {
  const { extract, loading, error, failedReport, dismissFailure } = useExtract();
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

  const fatal = extract === null ? (error?.message ?? failedReport?.fatal ?? null) : null;
  const status = fatal
    ? 'error'
    : loading || !extract || pageStatus?.key !== statusKey
      ? 'loading'
      : pageStatus.status;

  return (
    <div className="app" data-status={status} data-view={view}>
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
      <main className="page">
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
            Loading the sample extract…
          </p>
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
        <div className="presentation-host">
          <Presentation
            extract={extract}
            period={location.period}
            filters={filtersOf(location)}
            onExit={() => {
              setPresenting(false);
            }}
          />
        </div>
      )}
    </div>
  );
}
