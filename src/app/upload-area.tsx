import { useCallback, useEffect, useState } from 'react';
import type { ExtractFile, LoadProgress } from '../dataset/load-extract';
import { formatBytes } from '../ui/format';
import { useExtract } from '../queries/extract';
import { useUpload } from '../queries/upload';
import { DataThroughDialog, UploadDialog } from '../ui/upload-dialog';

function totalSize(files: readonly ExtractFile[]): number {
  return files.reduce(
    (sum, f) =>
      sum +
      (f.source.kind === 'file'
        ? f.source.file.size
        : f.source.kind === 'bytes'
          ? f.source.bytes.length
          : 0),
    0,
  );
}

function progressText(step: LoadProgress | null): string | null {
  if (!step) return null;
  if (step.step === 'reading') return `Reading ${step.fileName}`;
  if (step.step === 'read') return `Read ${step.fileName}`;
  return `Checking every value of ${step.fileName}`;
}

/** The header's "Load your extract" button, the upload dialog, drops anywhere, and the load's progress. */
export function UploadArea() {
  const {
    loadSample,
    loading,
    pending,
    progress,
    needsDataThrough,
    provideDataThrough,
    dismissFailure,
    cancel,
    cancelling,
    restoring,
  } = useExtract();
  const [open, setOpen] = useState(false);
  const upload = useUpload(
    useCallback(() => {
      setOpen(false);
    }, []),
  );
  const [elapsed, setElapsed] = useState(0);

  // Files dropped anywhere on the page open the dialog with them.
  useEffect(() => {
    const onDragOver = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      if (!event.dataTransfer?.files.length) return;
      event.preventDefault();
      setOpen(true);
      void upload.addFiles([...event.dataTransfer.files]);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [upload]);

  useEffect(() => {
    if (!loading) return;
    const started = Date.now();
    const timer = setInterval(() => {
      setElapsed(Math.round((Date.now() - started) / 1000));
    }, 1000);
    return () => {
      clearInterval(timer);
      setElapsed(0);
    };
  }, [loading]);

  const close = () => {
    setOpen(false);
    upload.cancel();
  };

  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          setOpen(true);
        }}
      >
        Load your extract
      </button>
      {open && (
        <UploadDialog
          open={open}
          state={upload.state}
          onClose={close}
          onFiles={(files) => {
            void upload.addFiles(files);
          }}
          onSetColumn={upload.setColumn}
          onConfirm={upload.confirmMapping}
          onUseSample={() => {
            loadSample();
            close();
          }}
        />
      )}
      {loading && pending && (
        <div className="progress-line floating" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <span>
            {restoring
              ? `Starting the database again and reloading ${pending.label}`
              : cancelling
                ? `Cancelling the load of ${pending.label}`
                : (progressText(progress.step) ??
                  `Loading ${pending.files.map((f) => f.fileName).join(', ')} (${formatBytes(totalSize(pending.files))})`)}{' '}
            on this computer… {elapsed > 0 && `${elapsed} s`}
            {Object.keys(progress.rows).length > 0 && (
              <span className="progress-rows">
                {Object.entries(progress.rows)
                  .map(([file, rows]) => `${file}: ${rows.toLocaleString('en-US')} rows`)
                  .join(' · ')}
              </span>
            )}
          </span>
          {!restoring && (
            <button type="button" className="button" onClick={cancel} disabled={cancelling}>
              Cancel
            </button>
          )}
        </div>
      )}
      {needsDataThrough && !loading && (
        <DataThroughDialog
          fileNames={needsDataThrough.files.map((f) => f.fileName).join(', ')}
          onSubmit={provideDataThrough}
          onCancel={dismissFailure}
        />
      )}
    </>
  );
}
