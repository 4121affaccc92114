import { useEffect } from 'react';
import type { LoadedExtract } from '../queries/extract';
import { useExtract } from '../queries/extract';
import { useRejectedRows } from '../queries/rejected-rows';
import { DataDictionary } from '../ui/data-dictionary';
import { downloadText } from '../ui/download';
import { KeptExtractDetails } from '../ui/keep-extract';
import { ValidationReport } from '../ui/validation-report';
import type { PageStatus } from './page-status';

export function DataPage({
  extract,
  onStatus,
}: {
  extract: LoadedExtract;
  onStatus: (s: PageStatus) => void;
}) {
  const { loadSample } = useExtract();
  const rejected = useRejectedRows((table, csv) => {
    // A byte-order mark so that Excel reads accented unit names ("Unidad Peña") as UTF-8.
    downloadText(`${table}-rejected-rows.csv`, `\uFEFF${csv}`);
  });
  useEffect(() => {
    onStatus('ready');
  }, [onStatus]);
  const withRejections = extract.report.files.filter((f) => f.table && f.rejected > 0);

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
        <ValidationReport files={extract.report.files} />
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
