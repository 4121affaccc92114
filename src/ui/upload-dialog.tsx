import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { ColumnMapping, FileInspection } from '../dataset/preview';
import { tableSpec, type TableName } from '../dataset/schema';
import type { UploadStep } from '../queries/upload';
import { formatBytes } from './format';

/** A modal <dialog>: focus is trapped, Esc closes it, the page behind is inert. */
function useModal(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}

export function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const inputId = useId();
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    onFiles([...event.dataTransfer.files]);
  };
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => {
        setOver(false);
      }}
      onDrop={onDrop}
    >
      <p className="drop-title">Drop your extract files here</p>
      <p className="muted">
        families.csv (required), children.csv and adults.csv — one to three CSV or Parquet files,
        recognized by their columns.
      </p>
      <label htmlFor={inputId} className="button">
        Choose files…
      </label>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        multiple
        accept=".csv,.txt,.tsv,.parquet,text/csv"
        aria-label="Choose extract files"
        onChange={(event) => {
          onFiles([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
    </div>
  );
}

function MappingStep({
  inspections,
  mapping,
  onSetColumn,
}: {
  inspections: FileInspection[];
  mapping: ColumnMapping;
  onSetColumn: (table: TableName, column: string, header: string | null) => void;
}) {
  return (
    <div className="mapping">
      {inspections.map(({ preview, table, match }) => (
        <section
          key={preview.fileName}
          className="mapping-file"
          aria-label={`Columns of ${preview.fileName}`}
        >
          <h3>
            {preview.fileName} <span className="muted">({formatBytes(preview.size)})</span>
          </h3>
          {preview.format === 'parquet' ? (
            <p>A Parquet file: its columns are matched when it loads.</p>
          ) : !table || !match ? (
            <p className="alert">
              The columns of {preview.fileName} do not look like families, children or adults. Its
              headers are: {preview.headers.join(', ') || '(none)'}. Remove it, or check that it is
              a Linkages extract file.
            </p>
          ) : (
            <>
              <p>
                Read as <strong>{tableSpec(table).fileName}</strong>.{' '}
                {match.unmatchedRequired.length > 0 ? (
                  <span className="error-text">
                    Pick the column for {match.unmatchedRequired.map((c) => c.name).join(', ')}.
                  </span>
                ) : (
                  'Every required column is matched.'
                )}
              </p>
              <table className="data-table mapping-table">
                <thead>
                  <tr>
                    <th scope="col">Extract column</th>
                    <th scope="col">Column in your file</th>
                  </tr>
                </thead>
                <tbody>
                  {tableSpec(table).columns.map((column) => {
                    const matched =
                      match.matched.find((m) => m.column.name === column.name)?.header ?? '';
                    const missing = column.required && matched === '';
                    return (
                      <tr key={column.name} className={missing ? 'missing' : undefined}>
                        <td>
                          <label htmlFor={`map-${preview.fileName}-${column.name}`}>
                            <code>{column.name}</code>
                            {column.required && <span className="required"> required</span>}
                          </label>
                        </td>
                        <td>
                          <select
                            id={`map-${preview.fileName}-${column.name}`}
                            value={mapping[table]?.[column.name] ?? matched}
                            onChange={(event) => {
                              onSetColumn(table, column.name, event.currentTarget.value || null);
                            }}
                          >
                            <option value="">
                              {missing ? '— choose a column —' : '(not in this file)'}
                            </option>
                            {preview.headers.map((header) => (
                              <option key={header} value={header}>
                                {header}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
          <div className="table-scroll">
            <table className="data-table preview-table">
              <caption>First rows of {preview.fileName}</caption>
              <thead>
                <tr>
                  {preview.headers.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, i) => (
                  <tr key={i}>
                    {preview.headers.map((h, j) => (
                      <td key={h}>{row[j] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}

export function UploadDialog({
  open,
  state,
  onClose,
  onFiles,
  onSetColumn,
  onConfirm,
  onUseSample,
}: {
  open: boolean;
  state: UploadStep;
  onClose: () => void;
  onFiles: (files: File[]) => void;
  onSetColumn: (table: TableName, column: string, header: string | null) => void;
  onConfirm: (remember: boolean) => void;
  onUseSample: () => void;
}) {
  const ref = useModal(open);
  const [remember, setRemember] = useState(true);
  const blocked =
    state.step === 'mapping' &&
    state.inspections.some((i) => !i.table || (i.match?.unmatchedRequired.length ?? 0) > 0);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="upload-title" onClose={onClose}>
      <header className="dialog-head">
        <h2 id="upload-title">Load your extract</h2>
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </header>
      <p className="privacy-note">
        <strong>Your data stays on this computer.</strong> The files are read by the database inside
        this browser tab; the page makes no request to any other server (no fonts, analytics or CDN,
        enforced by its content security policy and checked by our tests). Columns that look like
        names, SSNs, CINs, birth dates, addresses, phone or case numbers are not loaded, and never
        appear in a report or download. A column mapping is remembered only as the header names of a
        file with a header row, never its values.
      </p>
      {state.step === 'mapping' ? (
        <>
          <MappingStep
            inspections={state.inspections}
            mapping={state.mapping}
            onSetColumn={onSetColumn}
          />
          <footer className="dialog-foot">
            <label>
              <input
                type="checkbox"
                checked={remember}
                onChange={(event) => {
                  setRemember(event.currentTarget.checked);
                }}
              />{' '}
              Remember this mapping on this computer (header names only, never data; not kept for a
              file without a header row)
            </label>
            <button
              type="button"
              className="button"
              disabled={blocked}
              onClick={() => {
                onConfirm(remember);
              }}
            >
              Load with this mapping
            </button>
          </footer>
        </>
      ) : (
        <>
          <DropZone onFiles={onFiles} />
          {state.step === 'inspecting' && <p aria-live="polite">Reading the first rows…</p>}
          {state.step === 'error' && (
            <p className="alert" role="alert">
              {state.message}
            </p>
          )}
          <p className="muted">
            Not ready yet?{' '}
            <button type="button" className="link-button" onClick={onUseSample}>
              Use the synthetic sample data
            </button>{' '}
            or download the templates from the Data &amp; validation page.
          </p>
        </>
      )}
    </dialog>
  );
}

export function DataThroughDialog({
  fileNames,
  onSubmit,
  onCancel,
}: {
  fileNames: string;
  onSubmit: (iso: string) => void;
  onCancel: () => void;
}) {
  const ref = useModal(true);
  const [value, setValue] = useState('');
  return (
    <dialog ref={ref} className="dialog narrow" aria-labelledby="through-title" onClose={onCancel}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (value) onSubmit(value);
        }}
      >
        <h2 id="through-title">What date is this extract complete through?</h2>
        <p>
          {fileNames} has no <code>data_through_date</code>. The data-through date is the last day
          the extract covers. It decides which cohorts have had their full window (30 days, 6 or 12
          months): families whose window ends after it are reported as “window not complete”, never
          as failures, and a blank event date means “not observed by then”.
        </p>
        <label htmlFor="through-input">Data through</label>{' '}
        <input
          id="through-input"
          type="date"
          required
          value={value}
          onChange={(event) => {
            setValue(event.currentTarget.value);
          }}
        />
        <footer className="dialog-foot">
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button">
            Use this date
          </button>
        </footer>
      </form>
    </dialog>
  );
}
