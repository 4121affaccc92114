import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { usePrintState } from './print-report';

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

/**
 * A box that scrolls its wide table sideways. While the table overflows, the box is a named tab
 * stop, so that a keyboard alone can scroll it (the arrow keys move it once it has focus).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => {
      setOverflows(
        box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1,
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => {
      observer.disconnect();
    };
  }, []);
  return (
    <div
      ref={ref}
      className="table-scroll"
      tabIndex={overflows ? 0 : undefined}
      role={overflows ? 'region' : undefined}
      aria-label={overflows ? label : undefined}
    >
      {children}
    </div>
  );
}

/**
 * Every chart's numbers, one click away, as a real table (screen readers, keyboard, copy); on
 * paper too when the reader asked for the data tables.
 */
export function DataTableToggle<T>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
}) {
  const [open, setOpen] = useState(false);
  const { printing, includeTables } = usePrintState();
  const id = useId();
  return (
    <div className={`data-table-toggle${includeTables ? ' print-table' : ''}`}>
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setOpen((o) => !o);
        }}
      >
        {open ? 'Hide data table' : 'Show data table'}
      </button>
      {(open || (printing && includeTables)) && (
        <div id={id}>
          <ScrollRegion label={caption}>
            <table className="data-table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                      {c.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={rowKey(row)}>
                    {columns.map((c) => (
                      <td key={c.key} className={c.numeric ? 'num' : undefined}>
                        {c.cell(row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </div>
      )}
    </div>
  );
}
