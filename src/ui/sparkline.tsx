import type { CohortPoint } from './chart-data';
import { GROUP_ORDER, GROUP_STYLE } from './groups';

const WIDTH = 300;
const HEIGHT = 44;
const PAD = 4;

/**
 * The SVG path of one group's values: x spread over the cohorts, y over the values of both groups;
 * a masked or missing value ends a segment (a gap, never a line through it).
 */
export function sparklinePath(
  values: readonly (number | null)[],
  min: number,
  max: number,
): string {
  const x = (i: number) => (values.length === 1 ? WIDTH / 2 : (i / (values.length - 1)) * WIDTH);
  const y = (v: number) =>
    max === min ? HEIGHT / 2 : PAD + (1 - (v - min) / (max - min)) * (HEIGHT - 2 * PAD);
  let path = '';
  let drawing = false;
  values.forEach((value, i) => {
    if (value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${x(i).toFixed(1)} ${y(value).toFixed(1)}`;
    drawing = true;
  });
  return path;
}

/**
 * A small trend over cohorts, Linkages and comparison; masked points leave gaps. Plain SVG
 * stretched to the card's width: sixteen cards of charting-library charts, each measuring its
 * container, were a large part of the main thread's work when a view's results arrived.
 */
export function Sparkline({ points, label }: { points: CohortPoint[]; label: string }) {
  const values = points.flatMap((p) => [p.linkages, p.comparison]).filter((v) => v !== null);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return (
    <div className="sparkline" role="img" aria-label={label}>
      <svg
        width="100%"
        height={HEIGHT}
        viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        {values.length > 0 &&
          GROUP_ORDER.map((group) => (
            <path
              key={group}
              d={sparklinePath(
                points.map((p) => p[group]),
                min,
                max,
              )}
              fill="none"
              stroke={GROUP_STYLE[group].color}
              strokeDasharray={GROUP_STYLE[group].dash}
              strokeWidth={2}
              vectorEffect="non-scaling-stroke"
            />
          ))}
      </svg>
    </div>
  );
}
