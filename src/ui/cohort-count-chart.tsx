import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CountRow } from '../measures/types';
import { countsByCohort } from './chart-data';
import { DataTableToggle } from './data-table';
import { formatCohort, formatCount } from './format';
import { GROUP_ORDER, GROUP_STYLE, groupOrder } from './groups';

/** Families identified per cohort, Linkages beside comparison. */
export function CohortCountChart({ rows, title }: { rows: CountRow[]; title: string }) {
  const points = countsByCohort(rows);
  const masked = points.some((p) => p.linkagesMasked || p.comparisonMasked);
  return (
    <figure className="chart" aria-label={title}>
      <div className="chart-area" style={{ height: 300 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barGap={2}>
            <CartesianGrid stroke="#e3e7ee" vertical={false} />
            <XAxis dataKey="cohort" tickFormatter={formatCohort} tick={{ fontSize: 12 }} interval={0} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={44} />
            <Tooltip
              formatter={(value, name) => [formatCount(typeof value === 'number' ? value : null), String(name)]}
              labelFormatter={(label: unknown) => formatCohort(typeof label === 'string' ? label : '')}
              itemSorter={groupOrder}
            />
            <Legend itemSorter={groupOrder} />
            {GROUP_ORDER.map((group) => (
              <Bar
                key={group}
                dataKey={group}
                name={GROUP_STYLE[group].label}
                fill={GROUP_STYLE[group].color}
                stroke={group === 'comparison' ? '#8a5a00' : undefined}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {masked && <p className="chart-note">Cohorts with 1–10 families show no bar and read “&lt;11” in the table.</p>}
      <DataTableToggle
        caption={title}
        rows={points}
        rowKey={(p) => p.cohort}
        columns={[
          { key: 'cohort', header: 'Cohort', cell: (p) => formatCohort(p.cohort) },
          { key: 'linkages', header: GROUP_STYLE.linkages.label, numeric: true, cell: (p) => formatCount(p.linkages) },
          {
            key: 'comparison',
            header: GROUP_STYLE.comparison.label,
            numeric: true,
            cell: (p) => formatCount(p.comparison),
          },
        ]}
      />
    </figure>
  );
}
