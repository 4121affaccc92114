import { Line, LineChart, ResponsiveContainer, YAxis } from 'recharts';
import type { CohortPoint } from './chart-data';
import { GROUP_ORDER, GROUP_STYLE } from './groups';

/** A small trend over cohorts, Linkages and comparison; masked points leave gaps. */
export function Sparkline({ points, label }: { points: CohortPoint[]; label: string }) {
  return (
    <div className="sparkline" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={44}>
        <LineChart data={points} margin={{ top: 4, right: 2, bottom: 4, left: 2 }}>
          <YAxis hide domain={['auto', 'auto']} />
          {GROUP_ORDER.map((group) => (
            <Line
              key={group}
              dataKey={group}
              stroke={GROUP_STYLE[group].color}
              strokeDasharray={GROUP_STYLE[group].dash}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
