import { dataDictionary, templateCsv } from '../dataset/templates';
import { TABLES } from '../dataset/schema';
import { ScrollRegion } from './data-table';
import { downloadText } from './download';

const ROWS = dataDictionary();

/** The extract schema as the evaluator reads it, with a header-only template per file. */
export function DataDictionary() {
  return (
    <div className="dictionary">
      {TABLES.map((table) => (
        <section
          key={table.name}
          className="dictionary-file"
          aria-labelledby={`dict-${table.name}`}
        >
          <div className="toolbar">
            <h3 id={`dict-${table.name}`}>
              {table.fileName}{' '}
              <span className="muted">{table.required ? '(required)' : '(optional)'}</span>
            </h3>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                downloadText(table.fileName, templateCsv(table.name));
              }}
            >
              Download template
            </button>
          </div>
          <p className="panel-sub">{table.description}</p>
          <ScrollRegion label={`Columns of ${table.fileName}`}>
            <table className="data-table">
              <caption className="visually-hidden">Columns of {table.fileName}</caption>
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">Required</th>
                  <th scope="col">Meaning</th>
                  <th scope="col">Accepted values</th>
                </tr>
              </thead>
              <tbody>
                {ROWS.filter((row) => row.file === table.fileName).map((row) => (
                  <tr key={row.column}>
                    <td>
                      <code>{row.column}</code>
                    </td>
                    <td>{row.required ? 'yes' : ''}</td>
                    <td>{row.description}</td>
                    <td>{row.allowed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ))}
    </div>
  );
}
