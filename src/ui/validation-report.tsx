import type { FileReport } from '../dataset/load-extract';
import { MASKED, formatCount } from './format';

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
