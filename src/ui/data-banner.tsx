import type { LoadedExtract } from '../queries/extract';
import { formatCount, formatDate } from './format';
import { KeepExtract } from './keep-extract';

/** Which data is on screen, as of when, and whether small cells are masked: always visible. */
export function DataBanner({
  extract,
  onShowReport,
}: {
  extract: LoadedExtract;
  onShowReport: () => void;
}) {
  const { report } = extract;
  const families = report.files.find((f) => f.table === 'families');
  const rejected = report.files.reduce((sum, f) => sum + f.rejected, 0);
  return (
    <section className="data-banner" aria-label="Loaded data">
      <span className={`source-pill source-${extract.source}`}>{extract.label}</span>
      <span>
        Data through <strong>{formatDate(report.dataThrough)}</strong>
      </span>
      {families && (
        <span>
          <strong>{formatCount(families.loaded + families.warnings, false)}</strong> families
        </span>
      )}
      <span>{report.tables.length} of 3 files loaded</span>
      <span
        className="suppression-pill"
        title="Counts of 1–10 show as <11; rates on small cells are masked"
      >
        Small-cell suppression on
      </span>
      <button type="button" className="link-button" onClick={onShowReport}>
        {rejected > 0
          ? `${formatCount(rejected, false)} rows rejected — see the validation report`
          : 'Validation report'}
      </button>
      <KeepExtract extract={extract} />
    </section>
  );
}
