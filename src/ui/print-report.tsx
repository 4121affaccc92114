/** Prints the current view: the print stylesheet drops the controls and keeps the charts. */
export function PrintButton() {
  return (
    <button
      type="button"
      className="button secondary print-button"
      onClick={() => {
        window.print();
      }}
    >
      Print report
    </button>
  );
}

/** On paper only: which view this is and when it was printed, so it can be reopened. */
export function PrintedView({ href, filters }: { href: string; filters: string }) {
  const url = `${window.location.origin}${window.location.pathname}${href}`;
  return (
    <p className="print-only printed-view">
      Showing {filters}. Reopen this view at {url} (printed {new Date().toLocaleString('en-US')}).
    </p>
  );
}
