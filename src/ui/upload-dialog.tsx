import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { ColumnMapping, FileInspection } from '../dataset/preview';
import { tableSpec, type TableName } from '../dataset/schema';
import type { UploadStep } from '../queries/upload';
import { ScrollRegion } from './data-table';
import { formatBytes } from './format';
import { KEPT_WHERE } from './keep-extract';

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
  const input = useRef<HTMLInputElement>(null);
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
        families.csv (required), children.csv and adults.csv — one to three CSV, Excel (.xlsx) or
        Parquet files, or one workbook with a sheet each, recognized by their columns.
      </p>
      <button
        type="button"
        className="button"
        onClick={() => {
          input.current?.click();
        }}
      >
        Choose files…
      </button>
      <input
        ref={input}
        hidden
        type="file"
        multiple
        accept=".csv,.txt,.tsv,.parquet,.xlsx,.xlsm,.xls,text/csv"
        aria-label="Choose extract files"
        onChange={(event) => {
          onFiles([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
    </div>
  );
}

/** The first two non-blank values of a header in the preview rows, for the picker's side. */
function sampleValues(preview: FileInspection['preview'], header: string): string[] {
  const at = preview.headers.indexOf(header);
  if (at < 0) return [];
  const values: string[] = [];
  for (const row of preview.rows) {
    const value = row[at]?.trim() ?? '';
    if (value !== '' && !values.includes(value)) values.push(value);
    if (values.length === 2) break;
  }
  return values;
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
  // The drop zone that had focus is gone: the step's heading takes it, and is read out.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className="mapping">
      <h3 ref={heading} tabIndex={-1} className="mapping-title">
        Check the columns
      </h3>
      <p className="muted">
        Each column of the extract, what it holds, and the column of your file read for it, with two
        of its values from the first rows.
      </p>
      {inspections.map(({ preview, table, match, headerRow, recordRow }) => (
        <section
          key={preview.fileName}
          className="mapping-file"
          aria-label={`Columns of ${preview.fileName}`}
        >
          <h4>
            {preview.fileName} <span className="muted">({formatBytes(preview.size)})</span>
          </h4>
          {preview.format === 'parquet' ? (
            <p>A Parquet file: its columns are matched when it loads.</p>
          ) : preview.format === 'workbook' ? (
            <p>An Excel workbook: the columns of each sheet are matched when it loads.</p>
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
              {recordRow ? (
                <p className="alert no-header-row">
                  The first row of {preview.fileName} looks like a record rather than column names
                  (ids, names, dates or codes like the rows below it). This mapping will not be
                  remembered for it, and that first row is read as column names, not loaded as a
                  record: to load it, add a header row to the file (the templates on the Data &amp;
                  validation page have one).
                </p>
              ) : (
                !headerRow && (
                  <p className="muted">
                    Some of the first row&apos;s cells do not read as column names (a blank, a
                    number, a value or a name), so this mapping will not be remembered for{' '}
                    {preview.fileName}: it is kept only for a plain header row.
                  </p>
                )
              )}
              <table className="data-table mapping-table">
                <caption className="visually-hidden">
                  Extract columns and the columns of {preview.fileName} read for them
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Extract column</th>
                    <th scope="col">Column in your file</th>
                    <th scope="col">Its first values</th>
                  </tr>
                </thead>
                <tbody>
                  {tableSpec(table).columns.map((column) => {
                    const matched =
                      match.matched.find((m) => m.column.name === column.name)?.header ?? '';
                    const chosen = mapping[table]?.[column.name] ?? matched;
                    const missing = column.required && matched === '';
                    const id = `map-${preview.fileName}-${column.name}`;
                    const samples = chosen ? sampleValues(preview, chosen) : [];
                    return (
                      <tr key={column.name} className={missing ? 'missing' : undefined}>
                        <td>
                          <label htmlFor={id}>
                            <code>{column.name}</code>
                            {column.required && <span className="required"> required</span>}
                          </label>
                          <p className="column-description" id={`${id}-about`}>
                            {column.description}
                          </p>
                        </td>
                        <td>
                          <select
                            id={id}
                            aria-describedby={`${id}-about`}
                            value={chosen}
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
                        <td className="examples">
                          {chosen === ''
                            ? ''
                            : samples.length > 0
                              ? samples.join(' · ')
                              : 'blank in the first rows'}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
          <ScrollRegion label={`First rows of ${preview.fileName}`}>
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
          </ScrollRegion>
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
    <dialog
      ref={ref}
      className="dialog upload-dialog"
      aria-labelledby="upload-title"
      onClose={onClose}
    >
      <div className="dialog-head">
        <h2 id="upload-title">Load your extract</h2>
        <button type="button" className="button secondary small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="dialog-body">
        <p className="privacy-note">
          <strong>Your data stays on this computer.</strong> The files are read by the database
          inside this browser tab; the page makes no request to any other server (no fonts,
          analytics or CDN, enforced by its content security policy and checked by our tests).
          Columns that look like names, SSNs, CINs, birth dates, addresses, phone or case numbers
          are not loaded, and never appear in a report or download. A column mapping is remembered
          only as the header names of a file with a header row, never its values. Nothing of the
          extract is kept once the page is closed unless you choose “Keep this extract on this
          computer” on the banner: its files are then stored {KEPT_WHERE}, until “Forget this
          extract” on the banner removes them (clearing this site’s data in the browser’s settings
          does too). For working offline the browser keeps a copy of the dashboard itself and of its
          sample data, never of your files.
        </p>
        {state.step === 'mapping' ? (
          <MappingStep
            inspections={state.inspections}
            mapping={state.mapping}
            onSetColumn={onSetColumn}
          />
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
      </div>
      {state.step === 'mapping' && (
        <div className="dialog-foot">
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
          {blocked && <span className="error-text">Pick every required column first.</span>}
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
        </div>
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
        <div className="dialog-foot">
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button">
            Use this date
          </button>
        </div>
      </form>
    </dialog>
  );
}
