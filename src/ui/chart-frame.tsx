import {
  cloneElement,
  createContext,
  useContext,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';
import { ResponsiveContainer } from 'recharts';
import { DataTableToggle } from './data-table';
import { withProvenanceCsv } from '../measures/provenance';
import { downloadCsv } from './download';
import { downloadPng, downloadSvg, toCsv, type CsvValue } from './export-chart';
import { GROUP_ORDER, GROUP_STYLE } from './groups';
import { PRINT_CHART_WIDTH, usePrintState } from './print-report';
import { useProvenance } from './provenance-context';

export interface TableColumn<T> {
  key: string;
  header: string;
  /** What the table shows. */
  text: (row: T) => string;
  /** What the CSV holds, when it differs from the text (raw numbers). */
  csv?: (row: T) => CsvValue;
  numeric?: boolean;
}

export interface ChartTable<T> {
  caption: string;
  columns: TableColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
}

export type LegendExtra = 'band' | 'incomplete' | 'open-cohort' | 'unstable' | 'median' | 'whisker';

const EXTRA_TEXT: Record<LegendExtra, string> = {
  band: 'Shaded: 95% interval',
  whisker: 'Whiskers: 95% interval',
  incomplete: 'Hollow point: window not complete',
  'open-cohort': 'Hollow point: cohort still open on the data-through date',
  unstable: 'Faded point: unstable (n < 30)',
  median: 'Vertical line: median',
};

function LineSample({ color, dash }: { color: string; dash?: string | undefined }) {
  return (
    <svg width="30" height="10" aria-hidden="true" className="legend-sample">
      <line x1="1" y1="5" x2="29" y2="5" stroke={color} strokeWidth="3" strokeDasharray={dash} />
    </svg>
  );
}

/** The HTML legend of every chart: Linkages first, then what the marks mean. */
export function ChartLegend({ extras = [] }: { extras?: LegendExtra[] }) {
  return (
    <ul className="chart-legend">
      {GROUP_ORDER.map((group) => (
        <li key={group}>
          <LineSample color={GROUP_STYLE[group].color} dash={GROUP_STYLE[group].dash} />
          {GROUP_STYLE[group].label}
        </li>
      ))}
      {extras.map((extra) => (
        <li key={extra} className="legend-extra">
          {EXTRA_TEXT[extra]}
        </li>
      ))}
    </ul>
  );
}

/**
 * What the charts inside are about (a measure's title), put before each chart's title in its
 * exported image: "Reunification within 12 months: Rate by quarter cohort".
 */
export const ChartSubject = createContext<string | null>(null);

const FrameContext = createContext<{ label: string; height: number }>({ label: '', height: 300 });

/** What ChartContainer sets on the chart: a named image, not a keyboard trap. */
interface ChartSurfaceProps {
  accessibilityLayer?: boolean;
  role?: string;
  'aria-label'?: string;
}

/**
 * The drawing of a ChartFrame: the frame's width on screen, PRINT_CHART_WIDTH on paper (the
 * print stylesheet then scales it to the page). The chart's SVG is one named image: its numbers
 * are in the data table, so it is no tab stop (Recharts' accessibility layer makes it an unnamed
 * role="application" with a tab stop).
 */
export function ChartContainer({ children }: { children: ReactElement<ChartSurfaceProps> }) {
  const { label, height } = useContext(FrameContext);
  const { printing } = usePrintState();
  const chart = cloneElement(children, {
    accessibilityLayer: false,
    role: 'img',
    'aria-label': label,
  });
  return printing ? (
    <ResponsiveContainer width={PRINT_CHART_WIDTH} height={height}>
      {chart}
    </ResponsiveContainer>
  ) : (
    <ResponsiveContainer width="100%" height="100%">
      {chart}
    </ResponsiveContainer>
  );
}

/**
 * A chart with its title, legend, exports (PNG, SVG, CSV) and its data table one click away.
 * The CSV is the table's rows: suppressed, as everything on screen. Every export carries the
 * view's provenance: drawn under the image, as the CSV's first lines.
 */
export function ChartFrame<T>({
  id,
  title,
  subtitle,
  fileStem,
  legend,
  height,
  table,
  notes,
  controls,
  chartLabel,
  exportNotes = [],
  empty,
  children,
}: {
  id: string;
  title: string;
  subtitle?: ReactNode;
  fileStem: string;
  legend?: LegendExtra[] | null;
  height: number;
  table: ChartTable<T>;
  notes?: ReactNode;
  controls?: ReactNode;
  /** Names the drawing itself, for assistive technology and tests. */
  chartLabel?: string;
  /** Lines under an exported image, above its provenance line: e.g. the test. */
  exportNotes?: readonly string[];
  /**
   * Set when the view has nothing to draw: this sentence stands in for the drawing, its legend,
   * exports and table (no empty axes under a message that there is nothing to draw).
   */
  empty?: string | undefined;
  children: ReactNode;
}) {
  const area = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const provenance = useProvenance();
  const subject = useContext(ChartSubject);
  const exportTitle = subject ? `${subject}: ${title}` : title;
  const svg = () => area.current?.querySelector<SVGSVGElement>('svg.recharts-surface') ?? null;
  const exportCsv = () => {
    const csv = toCsv(
      table.columns.map((c) => c.header),
      table.rows.map((row) => table.columns.map((c) => (c.csv ? c.csv(row) : c.text(row)))),
    );
    downloadCsv(`${fileStem}.csv`, withProvenanceCsv(provenance, csv));
  };
  const heading = (
    <div>
      <h3 id={`${id}-title`} className="chart-title">
        {title}
      </h3>
      {subtitle && <p className="panel-sub">{subtitle}</p>}
    </div>
  );
  if (empty !== undefined)
    return (
      <figure className="chart chart-frame" aria-labelledby={`${id}-title`} data-chart={id}>
        <div className="chart-head">{heading}</div>
        <p className="chart-empty">{empty}</p>
        {notes}
      </figure>
    );
  return (
    <figure className="chart chart-frame" aria-labelledby={`${id}-title`} data-chart={id}>
      <div className="chart-head">
        {heading}
        <div className="chart-actions" role="group" aria-label={`Export ${title}`}>
          {controls}
          <button
            type="button"
            className="button small secondary"
            onClick={() => {
              const element = svg();
              if (!element) return;
              setExportError(null);
              downloadPng(`${fileStem}.png`, element, exportTitle, provenance, exportNotes).catch(
                (error: unknown) => {
                  setExportError(error instanceof Error ? error.message : String(error));
                },
              );
            }}
          >
            PNG
          </button>
          <button
            type="button"
            className="button small secondary"
            onClick={() => {
              const element = svg();
              if (element) {
                downloadSvg(`${fileStem}.svg`, element, exportTitle, provenance, exportNotes);
              }
            }}
          >
            SVG
          </button>
          <button type="button" className="button small secondary" onClick={exportCsv}>
            CSV
          </button>
        </div>
      </div>
      {legend !== null && <ChartLegend extras={legend ?? []} />}
      <div className="chart-area" ref={area} style={{ height }}>
        <FrameContext value={{ label: chartLabel ?? title, height }}>{children}</FrameContext>
      </div>
      {notes}
      {exportError && (
        <p className="chart-note error-text" role="alert">
          {exportError}
        </p>
      )}
      <DataTableToggle
        caption={table.caption}
        rows={table.rows}
        rowKey={table.rowKey}
        columns={table.columns.map((c) => ({
          key: c.key,
          header: c.header,
          numeric: c.numeric ?? false,
          cell: c.text,
        }))}
      />
    </figure>
  );
}
