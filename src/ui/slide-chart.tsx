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
import { cellOf, rowOf, valueKindOf, type ValueKind } from '../measures/result-values';
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

const UNIT = { rate: 'percent', count: 'count', days: 'days' } as const;

function barsOf(result: MeasureResult): { bars: Bar[]; unit: (typeof UNIT)[ValueKind] } {
  const rows: readonly MeasureRow[] = result.rows;
  const kind = valueKindOf(result);
  const bars = GROUP_ORDER.map((group): Bar => {
    const cell = cellOf(rowOf(rows, group));
    const label = GROUP_STYLE[group].label;
    if (!cell) return { group, label, value: null, error: null, text: 'no data' };
    if (kind === 'rate') {
      const value = cell.value === null ? null : cell.value * 100;
      const error: [number, number] | null =
        value !== null && cell.low !== null && cell.high !== null
          ? [value - cell.low * 100, cell.high * 100 - value]
          : null;
      return {
        group,
        label,
        value,
        error,
        text: value === null ? 'masked' : `${value.toFixed(1)}%`,
      };
    }
    if (kind === 'count')
      return { group, label, value: cell.value, error: null, text: formatCount(cell.value) };
    return {
      group,
      label,
      value: cell.value,
      error: null,
      text:
        cell.value === null
          ? cell.masked
            ? 'masked'
            : 'median not reached'
          : `${cell.value} days`,
    };
  });
  return { bars, unit: UNIT[kind] };
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
