import { memo, useMemo, useState } from 'react';
import { SegmentedChoice } from './segmented-choice';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  Rectangle,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
  type TooltipContentProps,
} from 'recharts';
import { ChartContainer, ChartFrame, type TableColumn } from './chart-frame';
import { rateTicks, sortCounties, type CountyPoint, type CountySort } from './chart-data';
import type { GroupCell, ValueKind } from '../measures/result-values';
import {
  formatAxisValue,
  formatCellValue,
  formatCount,
  formatFraction,
  formatInterval,
  formatP,
  formatPoints,
} from './format';
import { GROUP_ORDER, GROUP_STYLE } from './groups';
import { groupColumns } from './trend-chart';

interface CountyRow {
  county: string;
  linkages: number | null;
  comparison: number | null;
  linkagesError: [number, number] | null;
  comparisonError: [number, number] | null;
  point: CountyPoint;
}

/** ErrorBar takes the distances below and above the bar. */
function whisker(cell: GroupCell | null): [number, number] | null {
  if (!cell || cell.value === null || cell.low === null || cell.high === null) return null;
  return [cell.value - cell.low, cell.high - cell.value];
}

const SORTS: { value: CountySort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'linkages', label: 'Linkages value' },
  { value: 'difference', label: 'Difference' },
];

function CountyTooltip({ active, payload, kind }: TooltipContentProps & { kind: ValueKind }) {
  const row = payload[0]?.payload as CountyRow | undefined;
  if (!active || !row) return null;
  const { point } = row;
  return (
    <div className="chart-tooltip">
      <strong>{point.county}</strong>
      {GROUP_ORDER.map((group) => {
        const cell = point[group];
        const interval = cell && !cell.masked ? formatInterval(cell.low, cell.high) : '';
        return (
          <div key={group} className="tooltip-row">
            <span style={{ color: GROUP_STYLE[group].text }}>{GROUP_STYLE[group].label}:</span>{' '}
            {formatCellValue(kind, cell)}
            {interval && ` (95% CI ${interval})`}
            {cell?.unstable && ', unstable'}
            {cell && kind === 'rate' && (
              <div className="tooltip-n">{formatFraction(cell.events, cell.n)}</div>
            )}
            {cell && kind === 'days' && <div className="tooltip-n">n = {formatCount(cell.n)}</div>}
          </div>
        );
      })}
      {point.test?.difference !== undefined && point.test.difference !== null && (
        <div className="tooltip-row">
          Difference {formatPoints(point.test.difference)} (
          {formatInterval(point.test.low, point.test.high, 100, ' pts')}; {formatP(point.test.p)})
        </div>
      )}
    </div>
  );
}

/** The measure by county: Linkages beside comparison, with 95% whiskers, sortable. */
export const CountyChart = memo(function CountyChart({
  id,
  title,
  subtitle,
  fileStem,
  kind,
  points,
  exportNotes,
  population = 'members',
  empty,
}: {
  id: string;
  title: string;
  subtitle?: string;
  fileStem: string;
  kind: ValueKind;
  points: CountyPoint[];
  exportNotes?: readonly string[];
  /** Who the values count (a measure's population): "no families" in a note. */
  population?: string;
  /** What stands in for the chart when no county has members (ChartFrame's `empty`). */
  empty?: string;
}) {
  const [sort, setSort] = useState<CountySort>('name');
  const sorted = useMemo(() => sortCounties(points, sort), [points, sort]);
  const rows = useMemo(
    () =>
      sorted.map((point): CountyRow => ({
        county: point.county,
        linkages: point.linkages?.value ?? null,
        comparison: point.comparison?.value ?? null,
        linkagesError: whisker(point.linkages),
        comparisonError: whisker(point.comparison),
        point,
      })),
    [sorted],
  );
  const masked = GROUP_ORDER.flatMap((group) =>
    sorted
      .filter((p) => p[group]?.masked && p[group].medianOver === null)
      .map((p) => `${group === 'linkages' ? 'Linkages' : 'comparison'} in ${p.county}`),
  );
  // A median hidden past its drawn curve: no bar, and its value says how far the curve goes.
  const pastCurve = GROUP_ORDER.flatMap((group) =>
    sorted
      .filter((p) => p[group]?.medianOver != null)
      .map(
        (p) =>
          `${group === 'linkages' ? 'Linkages' : 'comparison'} in ${p.county} (${formatCellValue(kind, p[group])})`,
      ),
  );
  const notReached =
    kind === 'days'
      ? GROUP_ORDER.flatMap((group) =>
          sorted
            .filter((p) => p[group] && !p[group].masked && p[group].value === null)
            .map((p) => `${group === 'linkages' ? 'Linkages' : 'comparison'} in ${p.county}`),
        )
      : [];
  const hasWhiskers = rows.some((r) => r.linkagesError || r.comparisonError);
  const ticks = rateTicks(
    Math.max(
      0,
      ...points.flatMap((p) => [
        p.linkages?.high ?? p.linkages?.value ?? 0,
        p.comparison?.high ?? p.comparison?.value ?? 0,
      ]),
    ),
  );
  const unstable = points.some((p) => p.linkages?.unstable || p.comparison?.unstable);
  const columns: TableColumn<CountyPoint>[] = [
    { key: 'county', header: 'County', text: (p) => p.county },
    ...groupColumns<CountyPoint>(
      kind,
      (p, group) => p[group],
      (p) => p.test,
      population,
    ),
  ];
  const sortControl = (
    <SegmentedChoice
      small
      label="Sort counties by"
      caption="Sort"
      options={SORTS.filter((s) => s.value !== 'difference' || kind !== 'count')}
      value={sort}
      onChange={setSort}
    />
  );
  return (
    <ChartFrame
      id={id}
      exportNotes={exportNotes}
      title={title}
      subtitle={subtitle}
      fileStem={fileStem}
      empty={points.length === 0 ? (empty ?? `No ${population} in this view.`) : undefined}
      height={300}
      controls={sortControl}
      legend={[
        ...(hasWhiskers ? (['whisker'] as const) : []),
        ...(unstable ? (['unstable'] as const) : []),
      ]}
      table={{ caption: title, columns, rows: sorted, rowKey: (p) => p.county }}
      notes={
        <>
          {masked.length > 0 && (
            <p className="chart-note">
              Masked (a small number, or one that would reveal a small number), no bar drawn:{' '}
              {masked.join('; ')}.
            </p>
          )}
          {pastCurve.length > 0 && (
            <p className="chart-note">
              Median past the end of the drawn curve, no bar drawn: {pastCurve.join('; ')}.
            </p>
          )}
          {notReached.length > 0 && (
            <p className="chart-note">Median not reached, no bar drawn: {notReached.join('; ')}.</p>
          )}
        </>
      }
    >
      <ChartContainer>
        <BarChart
          data={rows}
          margin={{ top: 12, right: 16, bottom: 8, left: 8 }}
          barGap={3}
          barCategoryGap={rows.length <= 2 ? '30%' : '18%'}
        >
          <CartesianGrid stroke="#e3e7ee" vertical={false} />
          <XAxis dataKey="county" tick={{ fontSize: 12 }} interval={0} />
          <YAxis
            tick={{ fontSize: 12 }}
            width={52}
            domain={kind === 'rate' ? [0, ticks.at(-1) ?? 1] : [0, 'auto']}
            ticks={kind === 'rate' ? ticks : undefined}
            tickFormatter={(value: number) => formatAxisValue(kind, value)}
            allowDecimals={kind === 'rate'}
          />
          <Tooltip
            content={(props) => <CountyTooltip {...props} kind={kind} />}
            cursor={{ fill: '#eef2f7' }}
          />
          {GROUP_ORDER.map((group) => (
            <Bar
              key={group}
              dataKey={group}
              name={GROUP_STYLE[group].label}
              fill={GROUP_STYLE[group].color}
              stroke={group === 'comparison' ? '#8a5a00' : undefined}
              strokeDasharray={group === 'comparison' ? '4 2' : undefined}
              isAnimationActive={false}
              shape={(props: BarShapeProps) => {
                const row = props.payload as CountyRow | undefined;
                return <Rectangle {...props} fillOpacity={row?.point[group]?.unstable ? 0.4 : 1} />;
              }}
            >
              <ErrorBar
                dataKey={`${group}Error`}
                width={6}
                stroke="#1b2533"
                strokeWidth={1.5}
                direction="y"
                isAnimationActive={false}
              />
            </Bar>
          ))}
        </BarChart>
      </ChartContainer>
    </ChartFrame>
  );
});
