import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { CountRow } from '../measures/types';
import { ChartContainer, ChartFrame, type TableColumn } from './chart-frame';
import { valuesByCohort, type CohortPoint } from './chart-data';
import { formatCohort, formatCount } from './format';
import { GROUP_ORDER, GROUP_STYLE, groupOrder } from './groups';

/** Families identified per cohort, Linkages beside comparison, with exports and its table. */
export const CountByCohortChart = memo(function CountByCohortChart({
  id,
  title,
  subtitle,
  fileStem,
  chartLabel,
  rows,
  exportNotes,
}: {
  id: string;
  title: string;
  subtitle: string;
  fileStem: string;
  chartLabel: string;
  rows: CountRow[];
  exportNotes?: readonly string[];
}) {
  const points = useMemo(() => valuesByCohort(rows), [rows]);
  const masked = points.some((p) => p.linkagesMasked || p.comparisonMasked);
  const columns: TableColumn<CohortPoint>[] = [
    { key: 'cohort', header: 'Cohort', text: (p) => formatCohort(p.cohort), csv: (p) => p.cohort },
    ...GROUP_ORDER.map((group): TableColumn<CohortPoint> => ({
      key: group,
      header: GROUP_STYLE[group].label,
      numeric: true,
      text: (p) => formatCount(p[group]),
      csv: (p) => p[group] ?? formatCount(null),
    })),
  ];
  return (
    <ChartFrame
      id={id}
      exportNotes={exportNotes}
      title={title}
      subtitle={subtitle}
      fileStem={fileStem}
      empty={points.length === 0 ? 'No families in this view’s cohorts.' : undefined}
      height={300}
      chartLabel={chartLabel}
      table={{
        caption: title,
        rows: points,
        rowKey: (p) => p.cohort,
        columns,
      }}
      notes={
        masked && (
          <p className="chart-note">
            Masked cohorts (1–10 families, or a cohort masked with one so that it cannot be found by
            subtraction) show no bar and read “masked” in the table.
          </p>
        )
      }
    >
      <ChartContainer>
        <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barGap={2}>
          <CartesianGrid stroke="#e3e7ee" vertical={false} />
          <XAxis
            dataKey="cohort"
            tickFormatter={formatCohort}
            tick={{ fontSize: 12 }}
            interval="preserveStartEnd"
            minTickGap={6}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={44} />
          <Tooltip
            formatter={(value, name) => [
              formatCount(typeof value === 'number' ? value : null),
              String(name),
            ]}
            labelFormatter={(label: unknown) =>
              formatCohort(typeof label === 'string' ? label : '')
            }
            itemSorter={groupOrder}
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
            />
          ))}
        </BarChart>
      </ChartContainer>
    </ChartFrame>
  );
});
