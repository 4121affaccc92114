import { GROUP_ORDER, GROUP_STYLE } from './groups';
import { downloadBlob } from './download';
import { csvCell } from '../dataset/csv-cell';

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

/**
 * A standalone SVG of a chart: its styles inlined (no stylesheet travels with the file), on white,
 * under a header with the title and the two groups' line styles (the legend is HTML on the page).
 */
export function serializeChart(
  svg: SVGSVGElement,
  title: string,
  notes: readonly string[] = [],
): { text: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width);
  const chartHeight = Math.round(box.height);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  const legend = GROUP_ORDER.map((group, i) => {
    const x = 12 + i * 190;
    const { color, dash, label } = GROUP_STYLE[group];
    return (
      `<line x1="${x}" y1="36" x2="${x + 28}" y2="36" stroke="${color}" stroke-width="3"${dash ? ` stroke-dasharray="${dash}"` : ''}/>` +
      `<text x="${x + 34}" y="40" font-size="12" font-family="Arial, sans-serif" fill="#1b2533">${escapeXml(label)}</text>`
    );
  }).join('');
  const footer = notes
    .map(
      (note, i) =>
        `<text x="12" y="${chartHeight + HEADER + 18 + i * 16}" font-size="11" font-family="Arial, sans-serif" fill="#5b6676">${escapeXml(note)}</text>`,
    )
    .join('');
  const height = chartHeight + HEADER + (notes.length > 0 ? notes.length * 16 + 10 : 0);
  const inner = new XMLSerializer().serializeToString(clone);
  const text =
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="12" y="18" font-size="14" font-weight="bold" font-family="Arial, sans-serif" fill="#1b2533">${escapeXml(title)}</text>` +
    legend +
    `<g transform="translate(0 ${HEADER})">${inner}</g>${footer}</svg>`;
  return { text, width, height };
}

export function downloadSvg(
  fileName: string,
  svg: SVGSVGElement,
  title: string,
  notes: readonly string[] = [],
): void {
  const { text } = serializeChart(svg, title, notes);
  downloadBlob(fileName, new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
}

/** Draws the standalone SVG on a canvas at twice the screen resolution and saves it as PNG. */
export async function downloadPng(
  fileName: string,
  svg: SVGSVGElement,
  title: string,
  notes: readonly string[] = [],
): Promise<void> {
  const { text, width, height } = serializeChart(svg, title, notes);
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
