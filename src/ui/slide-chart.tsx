import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  LabelList,
  Line,
  Rectangle,
  ReferenceLine,
  XAxis,
  YAxis,
  type BarShapeProps,
} from 'recharts';
import { formatCount } from './format';
import { GROUP_ORDER, GROUP_STYLE } from './groups';
import type { BarChartModel, CurveChartModel, SlideBar } from './slide-model';

/** Chart text never smaller than this (px) on a projector at 1280×720 or 1024×768. */
export const SLIDE_TEXT_FLOOR = 18;

/** Before a slide is first shown (its section hidden), and for the print copy. */
const DRAWN_HIDDEN = { width: 1100, height: 420 };

/**
 * The size the chart's box has on screen, so that its text is drawn in real pixels (a drawing
 * scaled to fit would shrink the text below the floor). While hidden it keeps its last size; its
 * surface has a viewBox, so printing scales it to the page.
 */
function useBoxSize() {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState(DRAWN_HIDDEN);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      if (width > 0 && height > 0) {
        setSize((last) =>
          Math.abs(last.width - width) < 1 && Math.abs(last.height - height) < 1
            ? last
            : { width: Math.floor(width), height: Math.floor(height) },
        );
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);
  return { ref, size };
}

/** Text sizes of a chart drawn `width` wide: proportional, with the floor. */
function textSizes(width: number) {
  const tick = Math.max(SLIDE_TEXT_FLOOR, Math.round(width / 55));
  return { tick, value: Math.max(SLIDE_TEXT_FLOOR + 6, Math.round(width / 38)) };
}

function ChartBox({
  label,
  children,
}: {
  label: string;
  children: (size: { width: number; height: number }) => ReactNode;
}) {
  const { ref, size } = useBoxSize();
  return (
    <div className="slide-chart" role="img" aria-label={label} ref={ref}>
      {children(size)}
    </div>
  );
}

/**
 * Linkages beside comparison: a bar per group with its 95% interval (rates) drawn as a whisker, the
 * value written above the whisker's top so that the two never touch. A masked group has no bar, and
 * its label under the axis says "masked": an empty space never reads as zero.
 */
export function SlideBars({ chart, title }: { chart: BarChartModel; title: string }) {
  const percent = chart.unit === 'percent';
  const label = `${title}: ${chart.bars.map((b) => `${b.label} ${b.text}`).join(', ')}`;
  return (
    <ChartBox label={label}>
      {({ width, height }) => {
        const text = textSizes(width);
        const margin = { top: text.value + 24, right: 24, bottom: 8, left: 16 };
        const axisHeight = text.tick * 2 + 24;
        const plotHeight = height - margin.top - margin.bottom - axisHeight;
        const highest = Math.max(0, ...chart.bars.map((b) => b.high ?? b.value ?? 0));
        const top = percent ? 100 : highest > 0 ? highest * 1.1 : 1;
        const yOf = (v: number) => margin.top + plotHeight * (1 - v / top);
        return (
          <BarChart
            accessibilityLayer={false}
            width={width}
            height={height}
            data={chart.bars}
            margin={margin}
            barCategoryGap="30%"
          >
            <CartesianGrid stroke="#e3e7ee" vertical={false} />
            <XAxis
              dataKey="label"
              height={axisHeight}
              tickLine={false}
              interval={0}
              tick={(props: { x?: number | string; y?: number | string; index?: number }) => {
                const bar = chart.bars[props.index ?? 0];
                if (!bar) return <g />;
                const x = Number(props.x);
                const y = Number(props.y);
                return (
                  <g>
                    <text
                      x={x}
                      y={y + text.tick}
                      textAnchor="middle"
                      fontSize={text.tick}
                      fontWeight={600}
                      fill={GROUP_STYLE[bar.group].text}
                    >
                      {bar.label}
                    </text>
                    {bar.value === null && (
                      <text
                        x={x}
                        y={y + text.tick * 2 + 6}
                        textAnchor="middle"
                        fontSize={text.tick}
                        fill="#1b2533"
                      >
                        {bar.text}
                      </text>
                    )}
                  </g>
                );
              }}
            />
            <YAxis
              tick={{ fontSize: text.tick, fill: '#1b2533' }}
              width={text.tick * (percent ? 3.6 : 4)}
              domain={[0, top]}
              ticks={percent ? [0, 25, 50, 75, 100] : undefined}
              tickFormatter={(v: number) => (percent ? `${String(v)}%` : formatCount(v))}
            />
            <Bar
              dataKey="value"
              isAnimationActive={false}
              shape={(props: BarShapeProps) => {
                const group = (props.payload as SlideBar | undefined)?.group ?? 'linkages';
                return (
                  <Rectangle
                    {...props}
                    fill={GROUP_STYLE[group].color}
                    stroke={group === 'comparison' ? '#8a5a00' : undefined}
                  />
                );
              }}
            >
              <LabelList
                dataKey="text"
                content={(props: {
                  x?: number | string;
                  width?: number | string;
                  index?: number;
                }) => {
                  const bar = chart.bars[props.index ?? 0];
                  if (!bar || bar.value === null) return null;
                  const above = Math.max(bar.value, bar.high ?? bar.value);
                  const x = Number(props.x) + Number(props.width) / 2;
                  const cap = Math.round(width / 80);
                  return (
                    <g>
                      {bar.low !== null && bar.high !== null && (
                        <g className="slide-whisker" stroke="#1b2533" strokeWidth={3}>
                          <line x1={x} x2={x} y1={yOf(bar.low)} y2={yOf(bar.high)} />
                          <line x1={x - cap} x2={x + cap} y1={yOf(bar.low)} y2={yOf(bar.low)} />
                          <line x1={x - cap} x2={x + cap} y1={yOf(bar.high)} y2={yOf(bar.high)} />
                        </g>
                      )}
                      <text
                        className="slide-value"
                        x={x}
                        y={yOf(above) - 12}
                        textAnchor="middle"
                        fontSize={text.value}
                        fontWeight={700}
                        fill="#1b2533"
                      >
                        {bar.text}
                      </text>
                    </g>
                  );
                }}
              />
            </Bar>
          </BarChart>
        );
      }}
    </ChartBox>
  );
}

/**
 * A time to event as its definition says to read it: the cumulative share reaching the event by
 * each day, a step line per group, a dashed line at one half (where the median is read), the
 * medians in words above ("not reached yet" where fewer than half have had it). A curve stops where
 * suppression cut it. The shares at round days are in a table for screen readers.
 */
export function SlideCurve({ chart, title }: { chart: CurveChartModel; title: string }) {
  const label = `${title}: ${GROUP_ORDER.map((g) => `${GROUP_STYLE[g].label} ${chart.medians[g]}`).join(', ')}`;
  return (
    <>
      <p className="slide-medians">
        {GROUP_ORDER.map((group) => (
          <span key={group} style={{ color: GROUP_STYLE[group].text }}>
            <svg aria-hidden="true" width="36" height="12" className="slide-key">
              <line
                x1="0"
                y1="6"
                x2="36"
                y2="6"
                stroke={GROUP_STYLE[group].color}
                strokeWidth="4"
                strokeDasharray={GROUP_STYLE[group].dash}
              />
            </svg>{' '}
            {GROUP_STYLE[group].label}: {chart.medians[group]}
          </span>
        ))}
      </p>
      <ChartBox label={label}>
        {({ width, height }) => {
          const text = textSizes(width);
          return (
            <ComposedChart
              accessibilityLayer={false}
              width={width}
              height={height}
              data={chart.points}
              margin={{ top: 12, right: 32, bottom: 8, left: 8 }}
            >
              <CartesianGrid stroke="#e3e7ee" />
              <XAxis
                dataKey="t"
                type="number"
                domain={[0, chart.maxDay]}
                ticks={chart.days}
                tick={{ fontSize: text.tick, fill: '#1b2533' }}
                height={text.tick * 2 + 16}
                label={{
                  value: `Days since the start (share ${chart.eventLabel})`,
                  position: 'insideBottom',
                  fontSize: text.tick,
                  fill: '#1b2533',
                }}
              />
              <YAxis
                domain={[0, 1]}
                ticks={[0, 0.25, 0.5, 0.75, 1]}
                tickFormatter={(v: number) => `${String(Math.round(v * 100))}%`}
                tick={{ fontSize: text.tick, fill: '#1b2533' }}
                width={text.tick * 3.6}
              />
              <ReferenceLine y={0.5} stroke="#5b6676" strokeDasharray="6 6" strokeWidth={2} />
              {GROUP_ORDER.map((group) => (
                <Line
                  key={group}
                  type="stepAfter"
                  dataKey={group}
                  stroke={GROUP_STYLE[group].color}
                  strokeDasharray={GROUP_STYLE[group].dash}
                  strokeWidth={5}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </ComposedChart>
          );
        }}
      </ChartBox>
      {/* In a box: a table ignores the height that hides it, and would spill onto a printed page. */}
      <div className="visually-hidden">
        <table className="slide-curve-table">
          <caption>
            {title}: share {chart.eventLabel} by day
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {GROUP_ORDER.map((group) => (
                <th key={group} scope="col">
                  {GROUP_STYLE[group].label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {chart.sampleDays.map((day, i) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {GROUP_ORDER.map((group) => {
                  const share = chart.shares[group][i] ?? null;
                  return (
                    <td key={group}>{share === null ? 'not shown' : `${share.toFixed(1)}%`}</td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
