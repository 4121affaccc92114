import { GROUP_ORDER, GROUP_STYLE } from './groups';
import { downloadBlob } from './download';
import { csvCell } from '../dataset/csv-cell';
import type { Provenance } from '../measures/provenance';

/** Everything here runs on this computer: files are built in memory and saved, never uploaded. */

export type CsvValue = string | number | null;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';
const HEADER = 48;

function inlineStyles(source: Element, target: Element): void {
  const computed = window.getComputedStyle(source);
  const style = STYLE_PROPERTIES.map((name) => `${name}:${computed.getPropertyValue(name)}`).join(
    ';',
  );
  target.setAttribute('style', style);
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let i = 0; i < sourceChildren.length; i++) {
    const s = sourceChildren[i];
    const t = targetChildren[i];
    if (s && t) inlineStyles(s, t);
  }
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c,
  );
}

const FONT = 'Arial, sans-serif';
const NOTE_LINE = 16;

/**
 * Words wrapped into lines no wider than `width` px at `size` px Arial, breaking after a ` · `
 * where it can, else between words (measured on a canvas, so the lines fit as drawn).
 */
function wrapText(text: string, width: number, size: number): string[] {
  const context = document.createElement('canvas').getContext('2d');
  if (context) context.font = `${String(size)}px ${FONT}`;
  const measure = (line: string) => context?.measureText(line).width ?? line.length * size * 0.55;
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(' · ')) {
    const joined = line ? `${line} · ${part}` : part;
    if (measure(joined) <= width) {
      line = joined;
      continue;
    }
    if (line) lines.push(`${line} ·`);
    line = '';
    for (const word of part.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && measure(next) > width) {
        lines.push(line);
        line = word;
      } else {
        line = next;
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A standalone SVG of a chart: its styles inlined (no stylesheet travels with the file), on white,
 * under a header with the title and the two groups' line styles (the legend is HTML on the page),
 * above its notes and, last, the provenance line (source, data-through date, view, suppression),
 * wrapped to the chart's width, so that a copy pasted anywhere still says where it came from.
 * The provenance lines are `<text class="provenance">`.
 */
export function serializeChart(
  svg: SVGSVGElement,
  title: string,
  provenance: Provenance,
  notes: readonly string[] = [],
): { text: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width);
  const chartHeight = Math.round(box.height);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  const titleLines = wrapText(title, width - 24, 14);
  const header = HEADER + (titleLines.length - 1) * 18;
  const titleText = titleLines
    .map(
      (line, i) =>
        `<text x="12" y="${String(18 + i * 18)}" font-size="14" font-weight="bold" font-family="${FONT}" fill="#1b2533">${escapeXml(line)}</text>`,
    )
    .join('');
  // The legend sits under the title, 12 px above the chart.
  const legendY = header - 12;
  const legend = GROUP_ORDER.map((group, i) => {
    const x = 12 + i * 190;
    const { color, dash, label } = GROUP_STYLE[group];
    return (
      `<line x1="${String(x)}" y1="${String(legendY)}" x2="${String(x + 28)}" y2="${String(legendY)}" stroke="${color}" stroke-width="3"${dash ? ` stroke-dasharray="${dash}"` : ''}/>` +
      `<text x="${String(x + 34)}" y="${String(legendY + 4)}" font-size="12" font-family="${FONT}" fill="#1b2533">${escapeXml(label)}</text>`
    );
  }).join('');
  const noteLines = notes.flatMap((note) => wrapText(note, width - 24, 11));
  const sourceLines = wrapText(provenance.line, width - 24, 11);
  let y = header + chartHeight + 4;
  const footer: string[] = [];
  for (const line of noteLines) {
    y += NOTE_LINE;
    footer.push(
      `<text x="12" y="${String(y)}" font-size="11" font-family="${FONT}" fill="#5b6676">${escapeXml(line)}</text>`,
    );
  }
  y += 10;
  footer.push(
    `<line x1="12" y1="${String(y - 2)}" x2="${String(width - 12)}" y2="${String(y - 2)}" stroke="#c9d1db" stroke-width="1"/>`,
  );
  for (const line of sourceLines) {
    y += NOTE_LINE;
    footer.push(
      `<text class="provenance" x="12" y="${String(y)}" font-size="11" font-family="${FONT}" fill="#1b2533">${escapeXml(line)}</text>`,
    );
  }
  const height = y + 10;
  const inner = new XMLSerializer().serializeToString(clone);
  const text =
    `<svg xmlns="${SVG_NS}" width="${String(width)}" height="${String(height)}" viewBox="0 0 ${String(width)} ${String(height)}">` +
    `<title>${escapeXml(`${title}. ${provenance.line}`)}</title>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    titleText +
    legend +
    `<g transform="translate(0 ${String(header)})">${inner}</g>${footer.join('')}</svg>`;
  return { text, width, height };
}

export function downloadSvg(
  fileName: string,
  svg: SVGSVGElement,
  title: string,
  provenance: Provenance,
  notes: readonly string[] = [],
): void {
  const { text } = serializeChart(svg, title, provenance, notes);
  downloadBlob(fileName, new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
}

/** Draws the standalone SVG on a canvas at twice the screen resolution and saves it as PNG. */
export async function downloadPng(
  fileName: string,
  svg: SVGSVGElement,
  title: string,
  provenance: Provenance,
  notes: readonly string[] = [],
): Promise<void> {
  const { text, width, height } = serializeChart(svg, title, provenance, notes);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.width = width;
    image.height = height;
    await new Promise<void>((resolve, reject) => {
      image.onload = () => {
        resolve();
      };
      image.onerror = () => {
        reject(new Error('The chart could not be drawn as an image'));
      };
      image.src = url;
    });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => {
      canvas.toBlob(resolve, 'image/png');
    });
    if (!blob) throw new Error('The chart could not be saved as PNG');
    downloadBlob(fileName, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** `Coordination within 30 days` → `coordination-within-30-days`. */
export function fileStem(...parts: string[]): string {
  return parts
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
