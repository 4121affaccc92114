import { useQuery } from '@tanstack/react-query';
import { useDb } from '../queries/db-context';
import { episodesBeforeIndexQuery } from '../queries/episodes-before-index';
import { familyCountQuery } from '../queries/measures';
import type { LoadedExtract } from '../queries/extract';
import { useExtract } from '../queries/extract';
import { useRejectedRows } from '../queries/rejected-rows';
import { DataDictionary } from '../ui/data-dictionary';
import { formatCount } from '../ui/format';
import { withProvenanceCsv } from '../measures/provenance';
import { downloadCsv } from '../ui/download';
import { useProvenance } from '../ui/provenance-context';
import { KeptExtractDetails } from '../ui/keep-extract';
import { filesLoaded, ValidationReport } from '../ui/validation-report';
import { usePageStatus, type PageStatus } from './page-status';

export function DataPage({
  extract,
  onStatus,
}: {
  extract: LoadedExtract;
  onStatus: (s: PageStatus) => void;
}) {
  const { loadSample } = useExtract();
  const provenance = useProvenance();
  const rejected = useRejectedRows((table, csv) => {
    // Under the provenance lines, which the loader skips as title lines when the file is reloaded.
    downloadCsv(`${table}-rejected-rows.csv`, withProvenanceCsv(provenance, csv));
  });
  const db = useDb();
  // A file refused whole has no rejected rows of its own (filesLoaded).
  const withRejections = filesLoaded(extract.report.files).filter((f) => f.rejected > 0);
  // The banner's decision: the loaded counts of the families file are its number.
  const familyCount = useQuery(familyCountQuery(db, extract, true));
  const episodesBeforeIndex = useQuery(episodesBeforeIndexQuery(db, extract));
  // Ready once the numbers it shows are in (a test or a print reads them then).
  usePageStatus([familyCount, episodesBeforeIndex], onStatus);
  const countShown = familyCount.data;

  return (
    <>
      <section className="panel" aria-labelledby="validation-title">
        <div className="panel-head">
          <h2 id="validation-title">Validation report</h2>
          <p className="panel-sub">
            Every row of every file is accounted for: loaded, loaded with a warning, or rejected
            with its reason. Row numbers are spreadsheet rows (the header is row 1).
          </p>
        </div>
        <div className="toolbar">
          {withRejections.map((f) => (
            <button
              key={f.fileName}
              type="button"
              className="button secondary"
              onClick={() => {
                if (f.table) rejected.mutate(f.table);
              }}
            >
              Download rejected rows of {f.fileName}
            </button>
          ))}
          {extract.source !== 'sample' && (
            <button type="button" className="button secondary" onClick={loadSample}>
              Use the sample data instead
            </button>
          )}
        </div>
        <KeptExtractDetails />
        <ValidationReport files={extract.report.files} familyCountShown={countShown} />
        <EpisodesBeforeIndexNote counts={episodesBeforeIndex.data} />
      </section>
      <section className="panel" aria-labelledby="dictionary-title">
        <div className="panel-head">
          <h2 id="dictionary-title">Data dictionary and templates</h2>
          <p className="panel-sub">
            What each extract file holds. Download a template, fill it from CWS/CMS and CalSAWS, and
            load it here. Dates in any common format; blank dates mean “not observed yet”.
          </p>
        </div>
        <DataDictionary />
      </section>
    </>
  );
}

/**
 * The data page's note on child episodes out of scope: those that ended before their family's
 * index date are not followed by the child welfare measures (suppressed like every count).
 */
function EpisodesBeforeIndexNote({
  counts,
}: {
  counts: { episodes: number | null; reunifications: number | null } | null | undefined;
}) {
  if (!counts) return null;
  const { episodes, reunifications } = counts;
  return (
    <div className="data-note" data-note="episodes-before-index">
      <h3>Child episodes before the family’s index date</h3>
      {episodes === 0 ? (
        <p>
          No child episode in children.csv ended before its family’s index date (mutual_start_date):
          every episode is followed by the child welfare measures.
        </p>
      ) : (
        <p>
          Child episodes in children.csv that ended before the family’s index date
          (mutual_start_date), before the family was served by both programs:{' '}
          <strong>{formatCount(episodes)}</strong>; of them ended in reunification:{' '}
          <strong>{formatCount(reunifications)}</strong> (counts of 1–10 are masked). They are left
          out of reunification within 12 months, time to reunification and re-entry within 12
          months. An episode open on the index date is followed from that date.
        </p>
      )}
    </div>
  );
}
