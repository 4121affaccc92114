import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  LabelList,
  Rectangle,
  XAxis,
  YAxis,
  type BarShapeProps,
} from 'recharts';
import type { Group } from '../dataset/schema';
import type { MeasureResult, MeasureRow } from '../measures/types';
import { formatCount } from './format';
import { GROUP_ORDER, GROUP_STYLE } from './groups';

interface Bar {
  group: Group;
  label: string;
  value: number | null;
  error: [number, number] | null;
  text: string;
}

function barsOf(result: MeasureResult): { bars: Bar[]; unit: 'percent' | 'days' | 'count' } {
  const rows = result.rows as readonly MeasureRow[];
  const unit =
    result.kind === 'proportion' ? 'percent' : result.kind === 'count' ? 'count' : 'days';
  const bars = GROUP_ORDER.map((group): Bar => {
    const row = rows.find((r) => r.group === group);
    const label = GROUP_STYLE[group].label;
    if (!row) return { group, label, value: null, error: null, text: 'no data' };
    if ('rate' in row) {
      const value = row.rate === null ? null : row.rate * 100;
      const error: [number, number] | null =
        value !== null && row.ciLow !== null && row.ciHigh !== null
          ? [value - row.ciLow * 100, row.ciHigh * 100 - value]
          : null;
      return {
        group,
        label,
        value,
        error,
        text: value === null ? 'masked' : `${value.toFixed(1)}%`,
      };
    }
    if ('count' in row)
      return { group, label, value: row.count, error: null, text: formatCount(row.count) };
    return {
      group,
      label,
      value: row.medianDays,
      error: null,
      text:
        row.medianDays === null
          ? row.suppressed
            ? 'masked'
            : 'median not reached'
          : `${row.medianDays} days`,
    };
  });
  return { bars, unit };
}

/** The one large chart of a slide: Linkages beside comparison, with the 95% interval for rates. */
export function SlideChart({ result, title }: { result: MeasureResult; title: string }) {
  const { bars, unit } = barsOf(result);
  return (
    <div
      className="slide-chart"
      role="img"
      aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.text}`).join(', ')}`}
    >
      {/* A fixed drawing scaled by CSS (the surface has a viewBox): slides hidden on screen still
            print with their chart, which a size-measuring container would draw at 0 × 0. */}
      <BarChart
        accessibilityLayer={false}
        width={1600}
        height={620}
        data={bars}
        margin={{ top: 48, right: 24, bottom: 8, left: 24 }}
        barCategoryGap="28%"
      >
        <CartesianGrid stroke="#e3e7ee" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 22, fill: '#1b2533' }} tickLine={false} />
        <YAxis
          tick={{ fontSize: 16 }}
          width={64}
          domain={unit === 'percent' ? [0, 100] : [0, 'auto']}
          tickFormatter={(v: number) => (unit === 'percent' ? `${v}%` : String(v))}
        />
        <Bar
          dataKey="value"
          isAnimationActive={false}
          shape={(props: BarShapeProps) => {
            const group = (props.payload as Bar | undefined)?.group ?? 'linkages';
            return (
              <Rectangle
                {...props}
                fill={GROUP_STYLE[group].color}
                stroke={group === 'comparison' ? '#8a5a00' : undefined}
              />
            );
          }}
        >
          {unit === 'percent' && (
            <ErrorBar dataKey="error" width={18} strokeWidth={2} stroke="#1b2533" />
          )}
          <LabelList
            dataKey="text"
            position="top"
            offset={unit === 'percent' ? 34 : 10}
            style={{ fontSize: 28, fontWeight: 700, fill: '#1b2533' }}
          />
        </Bar>
      </BarChart>
    </div>
  );
}
