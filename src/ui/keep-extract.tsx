import { useState } from 'react';
import { isOwnUpload, useExtract, type KeptNotice, type LoadedExtract } from '../queries/extract';
import { formatBytes, formatDate } from './format';

/** Where a kept extract is, in words the privacy note and the data page share. */
export const KEPT_WHERE =
  "in this browser's private storage for this site (its origin-private file system, inside the browser profile on this computer; not a folder you browse, and never sent anywhere)";

function label(name: string | null): string {
  return name ? ` (${name})` : '';
}

function noticeText(notice: KeptNotice, keptLabel: string | null): string {
  switch (notice.kind) {
    case 'keep-failed': {
      const { error } = notice;
      if (error.reason === 'unsupported')
        return 'Not kept: this browser cannot keep files for a page (use a current Chrome, Edge or Firefox, with the dashboard served from this computer or over https).';
      if (error.reason === 'quota')
        return error.available === null
          ? `Not kept: the browser ran out of room for this site while keeping ${formatBytes(error.needed)}. Nothing was kept; free disk space and try again.`
          : `Not kept: the extract is ${formatBytes(error.needed)} and the browser allows this site ${formatBytes(Math.max(0, error.available))} more. Nothing was kept; free disk space and try again.`;
      return 'Not kept: the browser would not store the files. Nothing was kept.';
    }
    case 'open-failed':
      return `The extract kept on this computer${label(notice.label ?? keptLabel)} could not be loaded again${notice.why ? `: ${notice.why}` : ''}. The sample data is shown instead. Forget it to remove its files from this computer.`;
    case 'forget-failed':
      return 'The kept extract could not be removed: close the other tabs of the dashboard and try again, or clear this site’s data in the browser’s settings.';
    case 'forgotten':
      return notice.stillShown
        ? 'Forgotten: nothing of the extract is stored on this computer any more. It stays on screen until you reload or close this page.'
        : 'Forgotten: nothing of the extract is stored on this computer any more.';
  }
}

/**
 * The banner's keep control: "Keep this extract on this computer" (off until chosen) for an
 * uploaded extract, then where it came from and "Forget this extract"; what went wrong, if
 * anything. Nothing for the sample unless something is kept; for an upload of the sample (its
 * files, or its content in another format: isOwnUpload), that there is nothing to keep.
 */
export function KeepExtract({ extract }: { extract: LoadedExtract }) {
  const { kept, loading } = useExtract();
  // Opening the kept extract over an upload that is not kept loses that upload: asked first.
  const [confirmingOpen, setConfirmingOpen] = useState(false);
  if (!kept.supported) return null;
  const { stored, notice, busy } = kept;
  const forgetButton = (
    <button
      type="button"
      className="button secondary small"
      disabled={busy !== null}
      onClick={kept.forget}
    >
      Forget this extract
    </button>
  );
  const problem = notice && notice.kind !== 'forgotten';
  // The sample uploaded (its files, or its content in another format) is not offered for keeping.
  const own = isOwnUpload(extract);
  const sampleUpload = extract.source === 'upload' && !own;
  const otherKept = !kept.shownIsKept && stored?.kind === 'kept' && busy !== 'opening';
  if (
    !kept.shownIsKept &&
    !own &&
    !sampleUpload &&
    !otherKept &&
    stored?.kind !== 'unreadable' &&
    !notice
  )
    return null;
  return (
    <div className="keep-extract" role="group" aria-label="Keeping the extract on this computer">
      {kept.shownIsKept ? (
        <>
          <span className="kept-pill">
            {kept.shownFromStorage
              ? "Loaded from this computer's storage"
              : 'Kept on this computer'}
          </span>
          {forgetButton}
        </>
      ) : own ? (
        <label>
          <input
            type="checkbox"
            checked={busy === 'keeping'}
            disabled={busy !== null || loading}
            onChange={(event) => {
              if (event.currentTarget.checked) kept.keep();
            }}
          />{' '}
          Keep this extract on this computer
          {busy === 'keeping' && <span className="muted"> — keeping…</span>}
        </label>
      ) : sampleUpload ? (
        <span className="muted" data-sample-upload>
          The synthetic sample, uploaded: nothing to keep (the dashboard opens it by itself)
        </span>
      ) : null}
      {otherKept && (
        <span className="kept-other">
          {own ? 'Also kept' : 'Kept on this computer'}: {stored.manifest.label}{' '}
          {notice?.kind !== 'open-failed' && !confirmingOpen && (
            <>
              <button
                type="button"
                className="link-button"
                disabled={busy !== null}
                onClick={() => {
                  if (own) setConfirmingOpen(true);
                  else kept.open();
                }}
              >
                Open it
              </button>{' '}
            </>
          )}
          {!confirmingOpen && forgetButton}
        </span>
      )}
      {otherKept && confirmingOpen && (
        <span className="alert kept-notice" role="alert">
          The extract on screen is not kept on this computer: to see it again after opening the kept
          one, you would drop its files again.{' '}
          <button
            type="button"
            className="button secondary small"
            disabled={busy !== null}
            onClick={() => {
              setConfirmingOpen(false);
              kept.open();
            }}
          >
            Open the kept extract
          </button>{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setConfirmingOpen(false);
            }}
          >
            Cancel
          </button>{' '}
        </span>
      )}
      {stored?.kind === 'unreadable' && (
        <span className="alert kept-notice" role="alert">
          The dashboard kept something on this computer that it cannot read any more. {forgetButton}
        </span>
      )}
      {notice && (
        <span
          className={problem ? 'alert kept-notice' : 'kept-notice'}
          role={problem ? 'alert' : 'status'}
        >
          {noticeText(notice, stored?.kind === 'kept' ? stored.manifest.label : null)}{' '}
          {notice.kind === 'open-failed' && stored?.kind === 'kept' ? null : (
            <button type="button" className="link-button" onClick={kept.dismissNotice}>
              Dismiss
            </button>
          )}
        </span>
      )}
    </div>
  );
}

/** The data page's account of a kept extract: what, since when, where, and how to remove it. */
export function KeptExtractDetails() {
  const { kept } = useExtract();
  const { stored } = kept;
  if (!kept.supported || stored?.kind !== 'kept') return null;
  const { manifest } = stored;
  const size = manifest.files.reduce((sum, f) => sum + f.size, 0);
  return (
    <div className="kept-details">
      <p>
        <strong>
          {kept.shownFromStorage
            ? "This extract was loaded from this computer's storage."
            : kept.shownIsKept
              ? 'This extract is kept on this computer.'
              : 'An extract is kept on this computer.'}
        </strong>{' '}
        {manifest.files.map((f) => `${f.fileName} (${formatBytes(f.size)})`).join(', ')}, kept on{' '}
        {new Date(manifest.keptAt).toLocaleString('en-US', {
          dateStyle: 'medium',
          timeStyle: 'short',
        })}
        {manifest.options.dataThrough !== undefined &&
          `, data through ${formatDate(manifest.options.dataThrough)} as given`}
        {Object.keys(manifest.options.mapping ?? {}).length > 0 &&
          ', with the column mapping chosen'}
        . {formatBytes(size)} is stored {KEPT_WHERE}. It opens instead of the sample each time the
        dashboard is opened in this browser, until “Forget this extract” on the banner above removes
        every byte of it.
      </p>
    </div>
  );
}
