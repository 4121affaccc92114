import { useQuery } from '@tanstack/react-query';
import { describeSource } from '../measures/provenance';
import { useDb } from '../queries/db-context';
import { dataSourceOf, type LoadedExtract } from '../queries/extract';
import { familyCountQuery } from '../queries/measures';
import { MASKED, formatCount, formatDate } from './format';
import { KeepExtract } from './keep-extract';
import { notLoadedText } from './validation-report';

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
  // The count beside the measures is a total of theirs: shown once suppression allows it.
  const countShown = useQuery(familyCountQuery(useDb(), extract, true)).data;
  const notLoaded = notLoadedText(report.files);
  const source = dataSourceOf(extract);
  return (
    <section className="data-banner" aria-label="Loaded data">
      <span className={`source-pill source-${source.kind === 'sample' ? 'sample' : 'upload'}`}>
        {describeSource(source)}
      </span>
      <span>
        Data through <strong>{formatDate(report.dataThrough)}</strong>
      </span>
      {families && (
        <span>
          <strong>
            {countShown === undefined
              ? '…'
              : countShown
                ? formatCount(families.loaded + families.warnings, false)
                : MASKED}
          </strong>{' '}
          families
        </span>
      )}
      <span>{report.tables.length} of 3 files loaded</span>
      <span
        className="suppression-pill"
        title="Counts of 1–10, rates on them, and any number that would give one away are masked"
      >
        Small-cell suppression on
      </span>
      <button type="button" className="link-button" onClick={onShowReport}>
        {notLoaded ? `${notLoaded} — see the validation report` : 'Validation report'}
      </button>
      <KeepExtract extract={extract} />
    </section>
  );
}
