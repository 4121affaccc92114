/**
 * The deck as an editable PowerPoint file, built in the browser with pptxgenjs from the same slide
 * models as the slides on screen: native bar and line charts whose data PowerPoint can edit,
 * tables for the summary, "not yet" and baseline slides, and the provenance line on every slide.
 * Masked values are never in a chart's data; the text says "masked". Loaded with import() on first
 * use (presentation.tsx), so pptxgenjs is not in the first download; it fetches nothing.
 */
import PptxGenJS from 'pptxgenjs';
import { downloadBlob } from './download';
import { GROUP_ORDER, GROUP_STYLE } from './groups';
import type { BarChartModel, CurveChartModel, MeasureSlideModel, SlideModel } from './slide-model';

type Slide = ReturnType<PptxGenJS['addSlide']>;

/** LAYOUT_WIDE, in inches. */
const WIDTH = 13.333;
const MARGIN = 0.6;
const INNER = WIDTH - 2 * MARGIN;
const FONT = 'Arial';
const INK = '1B2533';
const MUTED = '5B6676';
const BRAND = '0B4F6C';
const hex = (color: string) => color.replace('#', '').toUpperCase();

function addFooter(slide: Slide, provenance: string, index: number, total: number) {
  slide.addText(provenance, {
    x: MARGIN,
    y: 6.95,
    w: INNER - 0.8,
    h: 0.4,
    fontFace: FONT,
    fontSize: 10,
    color: MUTED,
    valign: 'middle',
  });
  slide.addText(`${String(index + 1)} / ${String(total)}`, {
    x: WIDTH - MARGIN - 0.8,
    y: 6.95,
    w: 0.8,
    h: 0.4,
    fontFace: FONT,
    fontSize: 10,
    color: MUTED,
    align: 'right',
    valign: 'middle',
  });
}

function addHeading(slide: Slide, text: string) {
  slide.addText(text, {
    x: MARGIN,
    y: 0.3,
    w: INNER,
    h: 0.6,
    fontFace: FONT,
    fontSize: 26,
    bold: true,
    color: BRAND,
  });
}

/** Rates and counts as on screen: a series per group that is not masked, its value labelled. */
function addBars(slide: Slide, chart: BarChartModel, title: string, box: Box) {
  const shown = chart.bars.filter((bar) => bar.value !== null);
  const hidden = chart.bars.filter((bar) => bar.value === null);
  const percent = chart.unit === 'percent';
  const chartH = box.h - (hidden.length > 0 || percent ? 0.45 : 0);
  if (shown.length > 0) {
    slide.addChart(
      'bar',
      shown.map((bar) => ({ name: bar.label, labels: [title], values: [bar.value ?? 0] })),
      {
        ...box,
        h: chartH,
        barDir: 'col',
        barGrouping: 'clustered',
        barGapWidthPct: 60,
        chartColors: shown.map((bar) => hex(GROUP_STYLE[bar.group].color)),
        showValue: true,
        dataLabelPosition: 'outEnd',
        dataLabelFontSize: 20,
        dataLabelFormatCode: percent ? '0.0"%"' : '#,##0',
        valAxisMinVal: 0,
        ...(percent ? { valAxisMaxVal: 100, valAxisMajorUnit: 25 } : {}),
        valAxisLabelFormatCode: percent ? '0"%"' : '#,##0',
        valAxisLabelFontSize: 16,
        catAxisLabelFontSize: 16,
        showLegend: true,
        legendPos: 'b',
        legendFontSize: 16,
        altText: `${title}: ${chart.bars.map((b) => `${b.label} ${b.text}`).join(', ')}`,
      },
    );
  }
  const notes = [
    ...(percent
      ? shown.map(
          (bar) =>
            `${bar.label}: ${bar.text} (95% interval ${bar.low?.toFixed(1) ?? '?'}–${bar.high?.toFixed(1) ?? '?'}%)`,
        )
      : []),
    ...hidden.map((bar) => `${bar.label}: ${bar.text}`),
  ];
  if (notes.length > 0) {
    slide.addText(notes.join('    '), {
      x: box.x,
      y: box.y + chartH,
      w: box.w,
      h: 0.45,
      fontFace: FONT,
      fontSize: 14,
      color: INK,
    });
  }
}

/** The cumulative share by each round day, a line per group; past a curve's end, no value. */
function addCurve(slide: Slide, chart: CurveChartModel, title: string, box: Box) {
  slide.addText(
    GROUP_ORDER.map((group) => `${GROUP_STYLE[group].label}: ${chart.medians[group]}`).join('    '),
    { x: box.x, y: box.y, w: box.w, h: 0.4, fontFace: FONT, fontSize: 16, bold: true, color: INK },
  );
  slide.addChart(
    'line',
    GROUP_ORDER.map((group) => ({
      name: GROUP_STYLE[group].label,
      labels: chart.sampleDays.map(String),
      // pptxgenjs writes an empty cell for a missing value: a curve cut by suppression stops.
      values: chart.shares[group] as number[],
    })),
    {
      x: box.x,
      y: box.y + 0.4,
      w: box.w,
      h: box.h - 0.4,
      chartColors: GROUP_ORDER.map((group) => hex(GROUP_STYLE[group].color)),
      lineDataSymbol: 'none',
      lineSize: 3,
      valAxisMinVal: 0,
      valAxisMaxVal: 100,
      valAxisMajorUnit: 25,
      valAxisLabelFormatCode: '0"%"',
      valAxisLabelFontSize: 16,
      catAxisLabelFontSize: 16,
      // A label at each round day (every sixth point), as on screen.
      catAxisLabelFrequency: String(Math.max(1, chart.sampleDays.indexOf(chart.days[1] ?? 0))),
      showCatAxisTitle: true,
      catAxisTitle: `Days since the start (share ${chart.eventLabel})`,
      showLegend: true,
      legendPos: 'b',
      legendFontSize: 16,
      altText: `${title}: ${GROUP_ORDER.map((g) => `${GROUP_STYLE[g].label} ${chart.medians[g]}`).join(', ')}`,
    },
  );
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function addMeasure(slide: Slide, model: MeasureSlideModel) {
  addHeading(slide, model.title);
  slide.addText(
    [
      { text: model.direction, options: { bold: true, color: INK } },
      { text: `   ${model.statusText}`, options: { color: MUTED } },
    ],
    { x: MARGIN, y: 0.9, w: INNER, h: 0.4, fontFace: FONT, fontSize: 16 },
  );
  slide.addText(model.sentence, {
    x: MARGIN,
    y: 1.3,
    w: INNER,
    h: 1.1,
    fontFace: FONT,
    fontSize: 20,
    bold: true,
    color: INK,
    valign: 'top',
  });
  const box = { x: MARGIN, y: 2.45, w: INNER, h: 3.45 };
  if (model.chart.kind === 'bars') addBars(slide, model.chart, model.title, box);
  else addCurve(slide, model.chart, model.title, box);
  slide.addText(model.scope, {
    x: MARGIN,
    y: 5.95,
    w: INNER,
    h: 0.3,
    fontFace: FONT,
    fontSize: 14,
    color: MUTED,
  });
  slide.addText(`Definition. ${model.definition}`, {
    x: MARGIN,
    y: 6.25,
    w: INNER,
    h: 0.7,
    fontFace: FONT,
    fontSize: model.definition.length > 450 ? 9 : 10,
    color: MUTED,
    valign: 'top',
  });
}

const header = (cells: string[]) =>
  cells.map((text) => ({ text, options: { bold: true, fill: { color: 'EEF2F6' } } }));

function addTable(slide: Slide, rows: string[][], colW: number[], y: number, fontSize: number) {
  const [head = [], ...body] = rows;
  slide.addTable([header(head), ...body.map((row) => row.map((text) => ({ text })))], {
    x: MARGIN,
    y,
    w: INNER,
    colW,
    fontFace: FONT,
    fontSize,
    color: INK,
    border: { type: 'solid', pt: 0.5, color: 'D5DBE3' },
    margin: 0.04,
    autoPage: false,
  });
}

function addSlideOf(pptx: PptxGenJS, model: SlideModel) {
  const slide = pptx.addSlide();
  switch (model.kind) {
    case 'title':
      slide.addText('LINKAGES EVALUATION', {
        x: MARGIN,
        y: 2.0,
        w: INNER,
        h: 0.5,
        fontFace: FONT,
        fontSize: 18,
        bold: true,
        color: BRAND,
      });
      slide.addText(model.title, {
        x: MARGIN,
        y: 2.5,
        w: INNER,
        h: 1.2,
        fontFace: FONT,
        fontSize: 48,
        bold: true,
        color: BRAND,
      });
      slide.addText(model.place, {
        x: MARGIN,
        y: 3.8,
        w: INNER,
        h: 0.6,
        fontFace: FONT,
        fontSize: 28,
        color: INK,
      });
      slide.addText(model.date, {
        x: MARGIN,
        y: 4.4,
        w: INNER,
        h: 0.5,
        fontFace: FONT,
        fontSize: 20,
        color: MUTED,
      });
      break;
    case 'measure':
      addMeasure(slide, model);
      break;
    case 'summary':
      addHeading(slide, 'Every measure at a glance');
      addTable(
        slide,
        [
          ['Measure', 'Status', 'n (Linkages · comparison)', 'Direction'],
          ...model.rows.map((r) => [r.title, r.statusText, r.n, r.direction]),
        ],
        [5.4, 2.6, 2.2, 1.93],
        1.05,
        model.rows.length > 16 ? 12 : 14,
      );
      break;
    case 'not-yet':
      addHeading(slide, 'Not yet, or no clear difference');
      if (model.rows.length === 0) {
        slide.addText('Every measure shows Linkages ahead or is a count of reach.', {
          x: MARGIN,
          y: 1.2,
          w: INNER,
          h: 0.6,
          fontFace: FONT,
          fontSize: 20,
        });
      } else {
        addTable(
          slide,
          [
            ['Measure', 'Status', 'Why'],
            ...model.rows.map((r) => [r.title, r.statusText, r.reason]),
          ],
          [3.2, 2.0, 6.93],
          1.05,
          model.rows.length > 6 ? 10 : 12,
        );
      }
      break;
    case 'baseline':
      addHeading(slide, 'Were the groups comparable at the start?');
      slide.addText(`${model.tally}.`, {
        x: MARGIN,
        y: 0.9,
        w: INNER,
        h: 0.45,
        fontFace: FONT,
        fontSize: 18,
        bold: true,
        color: INK,
      });
      addTable(
        slide,
        [
          [
            'Characteristic at the index date',
            'Largest gap (Linkages against comparison)',
            'Std. diff.',
            'Balance',
          ],
          ...model.rows.map((r) => [r.title, r.largest, r.difference, r.balanceText]),
        ],
        [4.0, 4.93, 1.3, 1.9],
        1.45,
        13,
      );
      break;
  }
  return slide;
}

/** The deck as a .pptx Blob: one slide per model, the provenance line on each. */
export async function buildDeckPptx(models: readonly SlideModel[], provenance: string) {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = models[0]?.kind === 'title' ? models[0].title : 'Linkages slides';
  models.forEach((model, index) => {
    addFooter(addSlideOf(pptx, model), provenance, index, models.length);
  });
  return (await pptx.write({ outputType: 'blob' })) as Blob;
}

/** Builds the deck and saves it on this computer (nothing is sent anywhere). */
export async function downloadDeckPptx(
  models: readonly SlideModel[],
  provenance: string,
  fileName: string,
): Promise<void> {
  downloadBlob(fileName, await buildDeckPptx(models, provenance));
}
