import { memo, useMemo } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { Group } from '../dataset/schema';
import { ChartContainer, ChartFrame, type TableColumn } from './chart-frame';
import type { GroupCell, ValueKind } from '../measures/result-values';
import { rateTicks, type TrendPoint } from './chart-data';
import {
  formatAxisValue,
  formatCellValue,
  formatCohort,
  formatCount,
  formatFraction,
  formatInterval,
  formatP,
  formatPoints,
} from './format';
import { GROUP_ORDER, GROUP_STYLE } from './groups';

interface TrendRow {
  /** Position on the axis: a numeric axis lets the "window not complete" shading cover whole cohorts. */
  index: number;
  cohort: string;
  linkages: number | null;
  comparison: number | null;
  linkagesBand: [number, number] | null;
  comparisonBand: [number, number] | null;
  point: TrendPoint;
}

function band(cell: GroupCell | null): [number, number] | null {
  return cell && cell.low !== null && cell.high !== null ? [cell.low, cell.high] : null;
}

/** The mark of one point: Linkages a circle, comparison a square (shape holds in grayscale). */
export function PointMark({
  group,
  cx,
  cy,
  hollow,
  faded,
}: {
  group: Group;
  cx: number;
  cy: number;
  hollow: boolean;
  faded: boolean;
}) {
  const { color } = GROUP_STYLE[group];
  const common = {
    fill: hollow ? '#ffffff' : color,
    stroke: color,
    strokeWidth: 2,
    opacity: faded ? 0.4 : 1,
  };
  return group === 'linkages' ? (
    <circle cx={cx} cy={cy} r={4.5} {...common} />
  ) : (
    <rect x={cx - 4} y={cy - 4} width={8} height={8} {...common} />
  );
}

function quarterList(quarters: readonly string[]): string {
  return quarters.map(formatCohort).join(', ');
}

/** "2024 Q3 closed, 2024 Q4 open": which quarters of a half or year have their windows closed. */
function windowsText(windows: NonNullable<TrendPoint['windows']>): string {
  return [
    windows.closed.length > 0 ? `${quarterList(windows.closed)} closed` : '',
    windows.partly.length > 0 ? `${quarterList(windows.partly)} partly closed` : '',
    windows.open.length > 0 ? `${quarterList(windows.open)} open` : '',
  ]
    .filter((text) => text !== '')
    .join(', ');
}

function cellText(kind: ValueKind, cell: GroupCell | null): string {
  const value = formatCellValue(kind, cell);
  if (!cell || cell.masked) return value;
  const interval = formatInterval(cell.low, cell.high);
  return `${value}${interval ? ` (95% CI ${interval})` : ''}${cell.unstable ? ', unstable' : ''}`;
}

function countText(kind: ValueKind, cell: GroupCell | null, population: string): string {
  if (!cell) return '';
  if (kind === 'rate') {
    // A masked count of open windows (null) reads "masked"; none open says nothing.
    const open = cell.openWindows;
    return `${formatFraction(cell.events, cell.n)} ${population}${open !== 0 ? `; ${formatCount(open)} still inside the window` : ''}`;
  }
  if (kind === 'days') return `n = ${formatCount(cell.n)}, events ${formatCount(cell.events)}`;
  return '';
}

function TrendTooltip({
  active,
  payload,
  kind,
  population,
}: TooltipContentProps & { kind: ValueKind; population: string }) {
  const row = payload[0]?.payload as TrendRow | undefined;
  if (!active || !row) return null;
  const { point } = row;
  return (
    <div className="chart-tooltip">
      <strong>{formatCohort(point.cohort)}</strong>
      {!point.complete && (
        <div className="tooltip-note">
          {kind === 'rate'
            ? `Window not complete${point.windows && point.windows.closed.length + point.windows.partly.length > 0 ? `: ${windowsText(point.windows)}` : ''}`
            : 'Cohort still open'}
        </div>
      )}
      {GROUP_ORDER.map((group) => (
        <div key={group} className={`tooltip-row group-${group}`}>
          <span style={{ color: GROUP_STYLE[group].text }}>{GROUP_STYLE[group].label}:</span>{' '}
          {cellText(kind, point[group])}
          {countText(kind, point[group], population) && (
            <div className="tooltip-n">{countText(kind, point[group], population)}</div>
          )}
        </div>
      ))}
      {point.test && point.test.difference !== null && (
        <div className="tooltip-row">
          Difference {formatPoints(point.test.difference)} (
          {formatInterval(point.test.low, point.test.high, 100, ' pts')}; {formatP(point.test.p)})
        </div>
      )}
    </div>
  );
}

/**
 * A cell's note: "masked"; "the curve stops there" (a median hidden past the drawn curve, read
 * "over <day> days"); "unstable"; a rate with no member behind it: "no <population>" (none at
 * all) or "no window closed yet" (members, all still inside their window).
 */
export function cellNote(kind: ValueKind, cell: GroupCell | null, population: string): string {
  if (!cell) return '';
  if (kind === 'days' && cell.medianOver !== null) return 'the curve stops there';
  if (cell.masked) return 'masked';
  if (kind === 'rate' && cell.value === null && cell.n === 0)
    return cell.openWindows === 0 ? `no ${population}` : 'no window closed yet';
  return cell.unstable ? 'unstable' : '';
}

/** Under a cohort chart with gaps, on the page and in its PNG and SVG exports. */
const GAPS_NOTE =
  'Gaps are masked values (small numbers, or numbers that would reveal one); the table reads “masked”, never zero.';

/** The same for medians: a gap may also be a median past the end of its drawn curve. */
const MEDIAN_GAPS_NOTE =
  'Gaps are masked values (small numbers, or numbers that would reveal one) or medians past the end of their drawn curve; the table reads “masked” or “over” the curve’s last day, never zero.';

/** Columns of a by-cohort or by-county table, shared by the trend and county charts. */
export function groupColumns<T>(
  kind: ValueKind,
  cellOf: (row: T, group: Group) => GroupCell | null,
  testOf: (row: T) => TrendPoint['test'],
  population = 'members',
): TableColumn<T>[] {
  const columns: TableColumn<T>[] = [];
  for (const group of GROUP_ORDER) {
    const label = group === 'linkages' ? 'Linkages' : 'Comparison';
    columns.push({
      key: `${group}-value`,
      header:
        kind === 'rate'
          ? `${label} rate`
          : kind === 'days'
            ? `${label} median days`
            : `${label} count`,
      numeric: true,
      text: (row) => formatCellValue(kind, cellOf(row, group)),
      csv: (row) => {
        const cell = cellOf(row, group);
        return cell?.masked ? formatCellValue(kind, cell) : (cell?.value ?? null);
      },
    });
    if (kind === 'rate') {
      columns.push({
        key: `${group}-ci`,
        header: `${label} 95% CI`,
        numeric: true,
        text: (row) => {
          const cell = cellOf(row, group);
          return formatInterval(cell?.low ?? null, cell?.high ?? null);
        },
      });
      columns.push({
        key: `${group}-numerator`,
        header: `${label} numerator`,
        numeric: true,
        text: (row) => (cellOf(row, group) ? formatCount(cellOf(row, group)?.events ?? null) : '—'),
        csv: (row) =>
          cellOf(row, group) ? (cellOf(row, group)?.events ?? formatCount(null)) : null,
      });
    }
    if (kind !== 'count') {
      columns.push({
        key: `${group}-n`,
        header: kind === 'rate' ? `${label} denominator` : `${label} n`,
        numeric: true,
        text: (row) => (cellOf(row, group) ? formatCount(cellOf(row, group)?.n ?? null) : '—'),
        csv: (row) => (cellOf(row, group) ? (cellOf(row, group)?.n ?? formatCount(null)) : null),
      });
    }
    if (kind !== 'count') {
      columns.push({
        key: `${group}-note`,
        header: `${label} note`,
        text: (row) => cellNote(kind, cellOf(row, group), population),
      });
    }
  }
  if (kind === 'rate') {
    columns.push({
      key: 'difference',
      header: 'Difference (pts)',
      numeric: true,
      text: (row) => {
        const test = testOf(row);
        if (!test) return '—';
        if (test.masked) return 'masked';
        return test.difference === null ? '—' : formatPoints(test.difference);
      },
      csv: (row) => {
        const test = testOf(row);
        return test?.masked ? 'masked' : (test?.difference ?? null);
      },
    });
    columns.push({
      key: 'difference-ci',
      header: 'Difference 95% CI',
      numeric: true,
      text: (row) => {
        const test = testOf(row);
        return formatInterval(test?.low ?? null, test?.high ?? null, 100, ' pts');
      },
    });
    columns.push({
      key: 'p',
      header: 'p',
      numeric: true,
      text: (row) => formatP(testOf(row)?.p ?? null),
      csv: (row) => testOf(row)?.p ?? null,
    });
  }
  return columns;
}

/** The measure by cohort: Linkages and comparison lines with their 95% bands. */
export const TrendChart = memo(function TrendChart({
  id,
  title,
  subtitle,
  fileStem,
  kind,
  population,
  points,
  exportNotes,
  empty,
}: {
  id: string;
  title: string;
  subtitle?: string;
  fileStem: string;
  kind: ValueKind;
  population: string;
  points: TrendPoint[];
  exportNotes?: readonly string[];
  /** What stands in for the chart when there is no cohort to draw (ChartFrame's `empty`). */
  empty?: string;
}) {
  const rows = useMemo(
    () =>
      points.map((point, index): TrendRow => ({
        index,
        cohort: point.cohort,
        linkages: point.linkages?.value ?? null,
        comparison: point.comparison?.value ?? null,
        linkagesBand: band(point.linkages),
        comparisonBand: band(point.comparison),
        point,
      })),
    [points],
  );
  const incomplete = points.filter((p) => !p.complete);
  const firstIncomplete = points.findIndex((p) => !p.complete);
  const cohortAt = (index: number) => formatCohort(points[index]?.cohort ?? '');
  const masked = points.some((p) => p.linkages?.masked || p.comparison?.masked);
  const gapsNote = kind === 'days' ? MEDIAN_GAPS_NOTE : GAPS_NOTE;
  const hasBands = rows.some((r) => r.linkagesBand || r.comparisonBand);
  const ticks = rateTicks(
    Math.max(
      0,
      ...rows.flatMap((r) => [
        r.linkages ?? 0,
        r.comparison ?? 0,
        r.linkagesBand?.[1] ?? 0,
        r.comparisonBand?.[1] ?? 0,
      ]),
    ),
  );
  const unstable = points.some((p) => p.linkages?.unstable || p.comparison?.unstable);
  const columns: TableColumn<TrendPoint>[] = [
    { key: 'cohort', header: 'Cohort', text: (p) => formatCohort(p.cohort), csv: (p) => p.cohort },
    {
      key: 'complete',
      // A rate's window; otherwise whether the cohort was still open on the data-through date
      // (the chart's hollow point), under its own header: two columns named "Cohort" read alike.
      header: kind === 'rate' ? 'Window' : 'Cohort status',
      text: (p) =>
        kind === 'rate'
          ? p.complete
            ? 'complete'
            : p.windows && p.windows.closed.length + p.windows.partly.length > 0
              ? `not complete: ${windowsText(p.windows)}`
              : 'not complete'
          : p.complete
            ? 'closed'
            : 'still open',
    },
    ...groupColumns<TrendPoint>(
      kind,
      (p, group) => p[group],
      (p) => p.test,
      population,
    ),
  ];
  // A half or year partly closed: its rate is only its closed quarters' members.
  const partial = incomplete.filter(
    (p) => p.windows && p.windows.closed.length + p.windows.partly.length > 0,
  );
  if (kind === 'rate') {
    for (const group of GROUP_ORDER) {
      columns.splice(
        columns.findIndex((c) => c.key === `${group}-note`),
        0,
        {
          key: `${group}-open`,
          header: `${group === 'linkages' ? 'Linkages' : 'Comparison'} window open`,
          numeric: true,
          text: (p) => (p[group] ? formatCount(p[group].openWindows) : '—'),
          csv: (p) => (p[group] ? (p[group].openWindows ?? formatCount(null)) : null),
        },
      );
    }
  }
  return (
    <ChartFrame
      id={id}
      exportNotes={[...(exportNotes ?? []), ...(masked ? [gapsNote] : [])]}
      title={title}
      subtitle={subtitle}
      fileStem={fileStem}
      empty={
        points.length === 0 ? (empty ?? `No ${population} in this view’s cohorts.`) : undefined
      }
      height={320}
      legend={[
        ...(hasBands ? (['band'] as const) : []),
        ...(incomplete.length > 0
          ? ([kind === 'rate' ? 'incomplete' : 'open-cohort'] as const)
          : []),
        ...(unstable ? (['unstable'] as const) : []),
      ]}
      table={{ caption: title, columns, rows: points, rowKey: (p) => p.cohort }}
      notes={
        <>
          {masked && <p className="chart-note">{gapsNote}</p>}
          {incomplete.length > 0 && kind === 'rate' && (
            <p className="chart-note">
              Window not complete for {incomplete.map((p) => formatCohort(p.cohort)).join(', ')}:
              members whose window is still open are left out, not counted as failures.
              {partial.map((p) => (
                <span key={p.cohort}>
                  {' '}
                  {formatCohort(p.cohort)}’s rate is of{' '}
                  {p.windows!.partly.length === 0
                    ? `${quarterList(p.windows!.closed)}’s ${population} alone`
                    : `the ${population} whose window has closed (${windowsText(p.windows!)})`}
                  ; the rest are still inside their window.
                </span>
              ))}
            </p>
          )}
        </>
      }
    >
      <ChartContainer>
        <ComposedChart data={rows} margin={{ top: 18, right: 20, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#e3e7ee" vertical={false} />
          <XAxis
            dataKey="index"
            type="number"
            domain={[-0.5, points.length - 0.5]}
            ticks={points.map((_, i) => i)}
            tickFormatter={cohortAt}
            tick={{ fontSize: 12 }}
            minTickGap={8}
            interval="preserveStartEnd"
          />
          <YAxis
            tick={{ fontSize: 12 }}
            width={52}
            domain={kind === 'rate' ? [0, ticks.at(-1) ?? 1] : [0, 'auto']}
            ticks={kind === 'rate' ? ticks : undefined}
            tickFormatter={(value: number) => formatAxisValue(kind, value)}
            allowDecimals={kind === 'rate'}
          />
          {firstIncomplete >= 0 && (
            <ReferenceArea
              x1={firstIncomplete - 0.5}
              x2={points.length - 0.5}
              fill="#8a94a6"
              fillOpacity={0.12}
              ifOverflow="extendDomain"
              label={{
                value: kind === 'rate' ? 'window not complete' : 'cohort still open',
                position: 'insideTop',
                fontSize: 11,
                fill: '#5b6676',
              }}
            />
          )}
          {GROUP_ORDER.map((group) => (
            <Area
              key={`${group}-band`}
              dataKey={`${group}Band`}
              stroke="none"
              fill={GROUP_STYLE[group].color}
              fillOpacity={0.16}
              connectNulls={false}
              isAnimationActive={false}
              activeDot={false}
              tooltipType="none"
            />
          ))}
          {GROUP_ORDER.map((group) => (
            <Line
              key={group}
              dataKey={group}
              name={GROUP_STYLE[group].label}
              stroke={GROUP_STYLE[group].color}
              strokeDasharray={GROUP_STYLE[group].dash}
              strokeWidth={2.5}
              connectNulls={false}
              isAnimationActive={false}
              dot={(props) => {
                const row = props.payload as TrendRow;
                const cell = row.point[group];
                const key = `${group}-${String(props.index)}`;
                if (props.cx === undefined || props.cy === undefined || row[group] === null)
                  return <g key={key} />;
                return (
                  <PointMark
                    key={key}
                    group={group}
                    cx={props.cx}
                    cy={props.cy}
                    hollow={!row.point.complete}
                    faded={cell?.unstable ?? false}
                  />
                );
              }}
            />
          ))}
          <Tooltip
            content={(props) => <TrendTooltip {...props} kind={kind} population={population} />}
          />
        </ComposedChart>
      </ChartContainer>
    </ChartFrame>
  );
});
