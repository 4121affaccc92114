import type { FileReport } from '../dataset/load-extract';
import { MASKED, formatCount } from './format';

/**
 * The files whose rows were read into the extract, some of them rejected: a file refused whole
 * (`error`: a second families file, a missing column, …) is not loaded at all, so its rows are
 * refused with it, not rejected rows of the extract (the loader counts them as its `rejected` only
 * so that its rows add up), and it has no rejected rows to download.
 */
export function filesLoaded(files: readonly FileReport[]): FileReport[] {
  return files.filter((file) => file.table !== null && file.error === null);
}

/** The banner's account of what was not loaded: "12 rows rejected, 1 file not loaded"; '' when none. */
export function notLoadedText(files: readonly FileReport[]): string {
  const rejected = filesLoaded(files).reduce((sum, file) => sum + file.rejected, 0);
  const refused = files.filter((file) => file.error !== null).length;
  return [
    rejected > 0 ? `${formatCount(rejected, false)} row${rejected === 1 ? '' : 's'} rejected` : '',
    refused > 0 ? `${formatCount(refused, false)} file${refused === 1 ? '' : 's'} not loaded` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
}

/**
 * Every row accounted for: loaded, loaded with warnings, or rejected with its reason.
 * `familyCountShown` is the banner's decision (familyCountShown in src/measures/run-protected.ts;
 * undefined while it is computed): when the banner masks the number of families, the families
 * file's rows, loaded and loaded-with-warnings counts are masked too, since loaded plus loaded
 * with warnings, or rows less rejected, is that number. Rejected rows stay: they are rows not
 * loaded, in no measure, and the evaluator must see them to fix the file.
 */
export function ValidationReport({
  files,
  familyCountShown,
}: {
  files: readonly FileReport[];
  familyCountShown: boolean | undefined;
}) {
  const count = (file: FileReport, value: number) =>
    file.table !== 'families' || familyCountShown === true
      ? formatCount(value, false)
      : familyCountShown === undefined
        ? '…'
        : MASKED;
  return (
    <div className="validation">
      {files.map((file) => (
        <article
          key={file.fileName}
          className="panel file-report"
          aria-label={`Validation of ${file.fileName}`}
        >
          <header className="panel-head">
            <h3>
              {file.fileName}
              {file.table && file.table !== file.fileName.replace(/\.csv$/i, '') && (
                <span className="muted"> (read as {file.table})</span>
              )}
            </h3>
          </header>
          {file.error ? (
            <p className="alert" role="alert">
              {file.error}
            </p>
          ) : (
            <>
              <dl className="counts">
                <div>
                  <dt>Rows</dt>
                  <dd>{count(file, file.rows)}</dd>
                </div>
                <div>
                  <dt>Loaded</dt>
                  <dd>{count(file, file.loaded)}</dd>
                </div>
                <div>
                  <dt>Loaded with warnings</dt>
                  <dd>{count(file, file.warnings)}</dd>
                </div>
                <div>
                  <dt>Rejected</dt>
                  <dd className={file.rejected > 0 ? 'error-text' : undefined}>
                    {formatCount(file.rejected, false)}
                  </dd>
                </div>
              </dl>
              {file.issues.length > 0 && (
                <table className="data-table issues">
                  <caption className="visually-hidden">Issues found in {file.fileName}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Severity</th>
                      <th scope="col">Column</th>
                      <th scope="col">What was found</th>
                      <th scope="col" className="num">
                        Rows
                      </th>
                      <th scope="col">Examples (row: value)</th>
                      <th scope="col">What it does to the measures</th>
                    </tr>
                  </thead>
                  <tbody>
                    {file.issues.map((issue) => (
                      <tr key={`${issue.severity}-${issue.column ?? ''}-${issue.reason}`}>
                        <td>
                          <span className={`severity severity-${issue.severity}`}>
                            {issue.severity === 'error' ? 'Rejected' : 'Warning'}
                          </span>
                        </td>
                        <td>{issue.column ?? '—'}</td>
                        <td>{issue.reason}</td>
                        <td className="num">{formatCount(issue.count, false)}</td>
                        <td className="examples">
                          {issue.examples
                            .slice(0, 3)
                            .map(
                              (e) =>
                                `row ${e.rowNo}: ${e.value === null ? '(blank)' : `“${e.value}”`}`,
                            )
                            .join('; ')}
                        </td>
                        <td>{issue.effect}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {(file.columns.ignored.length > 0 || file.columns.privacy.length > 0) && (
                <ul className="column-notes">
                  {file.columns.privacy.map((p) => (
                    <li key={p.header}>
                      <strong>Not loaded (privacy):</strong> “{p.header}” — {p.why}
                    </li>
                  ))}
                  {file.columns.ignored.length > 0 && (
                    <li>
                      <strong>Extra columns ignored:</strong> {file.columns.ignored.join(', ')}
                    </li>
                  )}
                </ul>
              )}
            </>
          )}
        </article>
      ))}
    </div>
  );
}
