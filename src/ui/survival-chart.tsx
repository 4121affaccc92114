import { memo, useMemo } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceDot,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { Group } from '../dataset/schema';
import type { IncidenceRow, LogRankComparison, SurvivalRow } from '../measures/types';
import { throughDaysText, type Verdict } from '../measures/verdict';
import { ChartContainer, ChartFrame, type TableColumn } from './chart-frame';
import {
  atRiskAt,
  atRiskDays,
  cumulativeCurve,
  mergeCurves,
  type CumulativePoint,
  type CurvePoint,
} from './chart-data';
import { cellOf } from '../measures/result-values';
import {
  formatCellValue,
  formatCount,
  formatDays,
  formatInterval,
  formatP,
  formatRate,
} from './format';
import { GROUP_ORDER, GROUP_STYLE } from './groups';

/** The table's rows (and the at-risk row under the axis): the curves at round days. */
export interface CurveDay {
  day: number;
  linkages: {
    value: number | null;
    low: number | null;
    high: number | null;
    atRisk: number | null;
  };
  comparison: {
    value: number | null;
    low: number | null;
    high: number | null;
    atRisk: number | null;
  };
}

const AT_RISK_ROW = 18;

/**
 * The days the chart spans: until both curves are within a point of where they end, and half as
 * long again (a long flat tail of censored follow-up squeezes the part people read).
 */
export function followUpShown(curves: readonly CumulativePoint[][]): number {
  const longest = Math.max(0, ...curves.map((c) => c.at(-1)?.t ?? 0));
  const settled = Math.max(
    0,
    ...curves.map((c) => {
      const end = c.at(-1)?.value ?? 0;
      return c.find((p) => p.value >= end - 0.01)?.t ?? 0;
    }),
  );
  const shown = Math.min(longest, Math.max(settled * 1.5, 30));
  const step = atRiskDays(shown)[1] ?? shown;
  return Math.min(longest, Math.ceil(shown / step) * step);
}

/** The merged curves cut at the last day shown, the steps carried to it. */
function cutAt(points: readonly CurvePoint[], maxDay: number): CurvePoint[] {
  const kept = points.filter((p) => p.t <= maxDay);
  const carried = points.findLast((p) => p.t <= maxDay);
  if (carried && carried.t < maxDay && points.some((p) => p.t > maxDay))
    kept.push({ ...carried, t: maxDay });
  return kept;
}

function MedianLabel({
  viewBox,
  text,
  color,
  below,
}: {
  viewBox?: unknown;
  text: string;
  color: string;
  below: boolean;
}) {
  const box = viewBox as { x?: number; y?: number; width?: number; height?: number } | undefined;
  const x = (box?.x ?? 0) + (box?.width ?? 0) + 6;
  const y = (box?.y ?? 0) + (box?.height ?? 0) / 2 + (below ? 16 : -8);
  return (
    <text
      x={x}
      y={y}
      fontSize={11}
      fontWeight={600}
      fill={color}
      stroke="#ffffff"
      strokeWidth={3}
      paintOrder="stroke"
    >
      {text}
    </text>
  );
}

const curveOf = (row: SurvivalRow | IncidenceRow | undefined) => (row ? cumulativeCurve(row) : []);

function AtRiskTick({
  x,
  y,
  payload,
  atRisk,
}: {
  x?: number | string;
  y?: number | string;
  payload?: { value: number; index: number };
  atRisk: Map<number, Record<Group, number | null>>;
}) {
  if (!payload) return null;
  const cx = Number(x);
  const cy = Number(y);
  const counts = atRisk.get(payload.value);
  return (
    <g>
      <text x={cx} y={cy + 12} textAnchor="middle" fontSize={12} fill="#5b6676">
        {payload.value}
      </text>
      {GROUP_ORDER.map((group, i) => (
        <text
          key={group}
          x={cx}
          y={cy + 30 + i * AT_RISK_ROW}
          textAnchor="middle"
          fontSize={11}
          fill={GROUP_STYLE[group].text}
        >
          {counts ? formatCount(counts[group]) : ''}
        </text>
      ))}
      {payload.index === 0 &&
        GROUP_ORDER.map((group, i) => (
          <text
            key={`${group}-label`}
            x={cx - 22}
            y={cy + 30 + i * AT_RISK_ROW}
            textAnchor="end"
            fontSize={11}
            fontWeight={600}
            fill={GROUP_STYLE[group].text}
          >
            {group === 'linkages' ? 'Linkages' : 'Comparison'}
          </text>
        ))}
    </g>
  );
}

function CurveTooltip({
  active,
  payload,
  eventLabel,
}: TooltipContentProps & { eventLabel: string }) {
  const point = payload[0]?.payload as CurvePoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>Day {point.t}</strong>
      {GROUP_ORDER.map((group) => {
        const band = point[`${group}Band`];
        return (
          <div key={group} className="tooltip-row">
            <span style={{ color: GROUP_STYLE[group].text }}>{GROUP_STYLE[group].label}:</span>{' '}
            {point[group] === null
              ? 'not shown (fewer than 11 at risk)'
              : `${formatRate(point[group])} ${eventLabel}`}
            {band && ` (95% CI ${formatInterval(band[0], band[1])})`}
            {point[`${group}AtRisk`] !== null && (
              <div className="tooltip-n">
                {formatCount(point[`${group}AtRisk`])} at risk at this step
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

/**
 * Kaplan–Meier (or cumulative incidence) as the share reaching the event by each day, step lines
 * with their bands, medians marked, and the number at risk under the axis.
 */
export const SurvivalChart = memo(function SurvivalChart({
  id,
  title,
  fileStem,
  rows,
  test,
  verdict,
  eventLabel,
  population,
  suppressed,
  exportNotes,
}: {
  id: string;
  title: string;
  fileStem: string;
  rows: readonly (SurvivalRow | IncidenceRow)[];
  test: LogRankComparison | null;
  /** The verdict of `test`: what the note under the curves says of it. */
  verdict: Verdict | null;
  /** "coordinated", "reunified": what the curve counts. */
  eventLabel: string;
  population: string;
  suppressed: boolean;
  exportNotes?: readonly string[];
}) {
  const prepared = useMemo(() => {
    const row = (group: Group) => rows.find((r) => r.group === group);
    const curves = {
      linkages: curveOf(row('linkages')),
      comparison: curveOf(row('comparison')),
    };
    const days = atRiskDays(followUpShown([curves.linkages, curves.comparison]));
    const maxDay = days.at(-1) ?? 0;
    const merged = cutAt(mergeCurves(curves.linkages, curves.comparison), maxDay);
    const atRisk = {
      linkages: atRiskAt(curves.linkages, days, suppressed),
      comparison: atRiskAt(curves.comparison, days, suppressed),
    };
    const table: CurveDay[] = days.map((day, i) => {
      const at = (group: Group) => {
        const point = merged.findLast((p) => p.t <= day);
        const band = point?.[`${group}Band`] ?? null;
        return {
          value: point?.[group] ?? null,
          low: band?.[0] ?? null,
          high: band?.[1] ?? null,
          atRisk: atRisk[group][i] ?? null,
        };
      };
      return { day, linkages: at('linkages'), comparison: at('comparison') };
    });
    const atRiskByDay = new Map(
      table.map((d) => [d.day, { linkages: d.linkages.atRisk, comparison: d.comparison.atRisk }]),
    );
    return { merged, days, maxDay, table, atRiskByDay, row };
  }, [rows, suppressed]);

  const { merged, days, maxDay, table, atRiskByDay, row } = prepared;
  // A median hidden past the drawn curve reads "over <its last day>", where the curve stops; a
  // row masked whole reads "masked", never "not reached" (formatCellValue, the one wording).
  // A group with no members in the view (a unit of one group) has no median: it says so.
  const medians = GROUP_ORDER.map((group) => {
    const cell = cellOf(row(group));
    const empty = row(group) === undefined || row(group)?.n === 0;
    return {
      group,
      days: row(group)?.medianDays ?? null,
      text: empty
        ? `no ${population}`
        : `median ${formatCellValue('days', cell)}${cell?.medianOver != null ? ', where the curve stops' : ''}`,
      empty,
    };
  });
  // Neither group draws a curve (their numbers or events masked): a sentence, not empty axes.
  const noCurve = GROUP_ORDER.every((group) => (row(group)?.curve.length ?? 0) === 0)
    ? GROUP_ORDER.some((group) => row(group) !== undefined && row(group)?.n !== null)
      ? 'No curve to draw in this view: the events are masked (see the note below).'
      : 'No curve to draw in this view: its numbers are masked.'
    : undefined;
  // A group counted (n shown) with no curve: its events are masked (docs: rules 5 and 9).
  const undrawn = GROUP_ORDER.filter((group) => {
    const r = row(group);
    return r !== undefined && r.n !== null && r.curve.length === 0;
  });
  const evidence = verdict?.evidence;
  // A test computed only to the last day both curves are drawn says so (drawn-log-rank.ts).
  const logRank =
    evidence?.basis === 'log-rank'
      ? `Log-rank χ² = ${evidence.chiSquare.toFixed(2)}, ${formatP(evidence.p)} (${verdict?.reading ?? ''}${evidence.throughDays === null ? '' : `; ${throughDaysText(evidence.throughDays)}`})`
      : test === null || (!test.suppressed && test.throughDays !== null)
        ? 'Log-rank test: not available'
        : 'Log-rank test: masked (a group has fewer than 11 or its events are masked)';
  const columns: TableColumn<CurveDay>[] = [
    { key: 'day', header: 'Day', numeric: true, text: (d) => String(d.day), csv: (d) => d.day },
  ];
  for (const group of GROUP_ORDER) {
    const label = group === 'linkages' ? 'Linkages' : 'Comparison';
    columns.push(
      {
        key: `${group}-value`,
        header: `${label} share ${eventLabel}`,
        numeric: true,
        text: (d) => (d[group].value === null ? 'not shown' : formatRate(d[group].value)),
        csv: (d) => d[group].value ?? 'not shown',
      },
      {
        key: `${group}-ci`,
        header: `${label} 95% CI`,
        numeric: true,
        text: (d) => formatInterval(d[group].low, d[group].high),
      },
      {
        key: `${group}-at-risk`,
        header: `${label} at risk`,
        numeric: true,
        text: (d) => formatCount(d[group].atRisk),
        csv: (d) => d[group].atRisk ?? formatCount(null),
      },
    );
  }
  const subtitle = (
    <>
      {medians.map(({ group, text, empty }) => (
        <span key={group} className="median-text">
          {GROUP_STYLE[group].label}: {text}
          {!empty && row(group)?.n !== undefined && (
            <>
              {' '}
              (n = {formatCount(row(group)?.n ?? null)} {population})
            </>
          )}
        </span>
      ))}
      <span className="logrank-text">{logRank}</span>
    </>
  );
  return (
    <ChartFrame
      id={id}
      exportNotes={[
        medians.map(({ group, text }) => `${GROUP_STYLE[group].label}: ${text}`).join('; '),
        logRank,
        ...(exportNotes ?? []),
      ]}
      title={title}
      subtitle={subtitle}
      fileStem={fileStem}
      empty={noCurve}
      height={380}
      legend={['band', 'median']}
      table={{
        caption: `${title}, at round days`,
        columns,
        rows: table,
        rowKey: (d) => String(d.day),
      }}
      notes={
        suppressed ? (
          <>
            <p className="chart-note">
              A curve stops where fewer than 11 remain at risk; where it, less the curves of all but
              one of its quarters or counties, would show that one past its own stop (a quarter’s or
              county’s curve may stop early instead, beside another that stops there); or, in a view
              of several counties, a unit, a custom cohort range, half-years or years, where the
              first curve of the counties and quarters it adds up stops. At-risk counts of 1–10 read
              “masked”, and a cut curve reports no event count.
            </p>
            {undrawn.length > 0 && (
              <p className="chart-note">
                No curve drawn for {undrawn.map((group) => GROUP_STYLE[group].label).join(' or ')}:
                {undrawn.length > 1 ? ' their' : ' its'} events are masked, either 1–10 or, in a
                view of several counties, a unit, a custom cohort range, half-years or years,
                because the curve of a county, quarter or unit it adds up is not drawn.
              </p>
            )}
          </>
        ) : null
      }
    >
      <ChartContainer>
        <ComposedChart data={merged} margin={{ top: 16, right: 24, bottom: 0, left: 64 }}>
          <CartesianGrid stroke="#e3e7ee" />
          <XAxis
            dataKey="t"
            type="number"
            domain={[0, maxDay]}
            ticks={days}
            height={20 + 2 * AT_RISK_ROW + 24}
            tick={(props: {
              x?: number | string;
              y?: number | string;
              payload?: { value: number; index: number };
            }) => <AtRiskTick {...props} atRisk={atRiskByDay} />}
            label={{
              value: 'Days since the start · number at risk',
              position: 'insideBottom',
              fontSize: 12,
              fill: '#5b6676',
            }}
          />
          <YAxis
            domain={[0, 1]}
            tickFormatter={(value: number) => `${String(Math.round(value * 100))}%`}
            tick={{ fontSize: 12 }}
            width={44}
          />
          {GROUP_ORDER.map((group) => (
            <Area
              key={`${group}-band`}
              type="stepAfter"
              dataKey={`${group}Band`}
              stroke="none"
              fill={GROUP_STYLE[group].color}
              fillOpacity={0.14}
              isAnimationActive={false}
              activeDot={false}
              tooltipType="none"
            />
          ))}
          {GROUP_ORDER.map((group) => (
            <Line
              key={group}
              type="stepAfter"
              dataKey={group}
              name={GROUP_STYLE[group].label}
              stroke={GROUP_STYLE[group].color}
              strokeDasharray={GROUP_STYLE[group].dash}
              strokeWidth={2.5}
              dot={false}
              isAnimationActive={false}
            />
          ))}
          {medians.map(({ group, days: median }) =>
            median === null || median > maxDay ? null : (
              <ReferenceLine
                key={`${group}-median`}
                segment={[
                  { x: median, y: 0 },
                  { x: median, y: 0.5 },
                ]}
                stroke={GROUP_STYLE[group].color}
                strokeWidth={1.5}
                strokeDasharray="2 3"
              />
            ),
          )}
          {medians.map(({ group, days: median }) =>
            median === null || median > maxDay ? null : (
              <ReferenceDot
                key={`${group}-median-dot`}
                x={median}
                y={0.5}
                r={4}
                fill="#ffffff"
                stroke={GROUP_STYLE[group].color}
                strokeWidth={2}
                label={
                  <MedianLabel
                    text={`median ${formatDays(median)}`}
                    color={GROUP_STYLE[group].text}
                    below={group === 'comparison'}
                  />
                }
              />
            ),
          )}
          <ReferenceLine y={0.5} stroke="#8a94a6" strokeDasharray="4 4" />
          <Tooltip content={(props) => <CurveTooltip {...props} eventLabel={eventLabel} />} />
        </ComposedChart>
      </ChartContainer>
    </ChartFrame>
  );
});
