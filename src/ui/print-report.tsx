import { useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import { useProvenance } from './provenance-context';

/**
 * The width charts are drawn at on paper: Letter portrait less half-inch margins, 7.5 in at 96 px
 * to the inch. The print stylesheet scales each drawing to the page it gets (A4, landscape), so a
 * chart never keeps its on-screen width there.
 */
export const PRINT_CHART_WIDTH = 720;

export interface PrintState {
  /** Between `beforeprint` and `afterprint`, or while the print media type applies. */
  printing: boolean;
  /** The reader asked for the data tables on paper. */
  includeTables: boolean;
}

let state: PrintState = { printing: false, includeTables: false };
const listeners = new Set<() => void>();
let watching = false;

function update(change: Partial<PrintState>) {
  const next = { ...state, ...change };
  if (next.printing === state.printing && next.includeTables === state.includeTables) return;
  state = next;
  // Rendered before the handler returns: the browser lays the page out for paper right after
  // `beforeprint`, without waiting for React's next task.
  flushSync(() => {
    for (const listener of listeners) listener();
  });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!watching) {
    watching = true;
    window.addEventListener('beforeprint', () => {
      update({ printing: true });
    });
    window.addEventListener('afterprint', () => {
      update({ printing: false });
    });
    window.matchMedia('print').addEventListener('change', (event) => {
      update({ printing: event.matches });
    });
  }
  return () => {
    listeners.delete(listener);
  };
}

const snapshot = () => state;

export function usePrintState(): PrintState {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** Prints the current view: the print stylesheet drops the controls and keeps the charts. */
export function PrintButton() {
  const { includeTables } = usePrintState();
  return (
    <span className="print-controls">
      <button
        type="button"
        className="button secondary print-button"
        onClick={() => {
          window.print();
        }}
      >
        Print report
      </button>
      <label className="print-tables-option">
        <input
          type="checkbox"
          checked={includeTables}
          onChange={(event) => {
            update({ includeTables: event.currentTarget.checked });
          }}
        />{' '}
        with data tables
      </label>
    </span>
  );
}

/**
 * On paper only, above the page's content: the view's provenance (source, data-through date,
 * filters, suppression), where to reopen it and when it was printed. Every page also carries the
 * provenance in its footer (PrintedProvenance).
 */
export function PrintedView({ href }: { href: string }) {
  const { line } = useProvenance();
  const url = `${window.location.origin}${window.location.pathname}${href}`;
  return (
    <p className="print-only printed-view">
      {line}. Reopen this view at {url} (printed {new Date().toLocaleString('en-US')}).
    </p>
  );
}
