// Bundled into .bench/ and injected into a blank page: the hand-rolled dashboard's work on the
// files of an <input type=file>, timed in the page.
import Papa from 'papaparse';
import { computePlainMeasures, type CsvRow } from './aggregate';

export interface PlainRun {
  parseMs: number;
  readyMs: number;
  filterMs: number;
  cohortSizeMs: number;
  rows: Record<string, number>;
  cells: number;
}

declare global {
  interface Window {
    runPlainBaseline: (input: HTMLInputElement) => Promise<PlainRun>;
  }
}

function parseFile(file: File): Promise<CsvRow[]> {
  return new Promise((resolve, reject) => {
    Papa.parse<CsvRow>(file, {
      header: true,
      skipEmptyLines: true,
      complete: (result) => {
        resolve(result.data);
      },
      error: reject,
    });
  });
}

window.runPlainBaseline = async (input) => {
  const started = performance.now();
  const tables = new Map<string, CsvRow[]>();
  for (const file of input.files ?? []) tables.set(file.name, await parseFile(file));
  const parsed = performance.now();
  const families = tables.get('families.csv') ?? [];
  const children = tables.get('children.csv') ?? [];
  const dataThrough = families[0]?.data_through_date ?? '';
  const first = computePlainMeasures(families, children, dataThrough, { period: 'quarter' });
  const ready = performance.now();
  computePlainMeasures(families, children, dataThrough, {
    period: 'quarter',
    counties: ['Fresno'],
  });
  const filtered = performance.now();
  computePlainMeasures(families, children, dataThrough, { period: 'year' });
  const resized = performance.now();
  return {
    parseMs: parsed - started,
    readyMs: ready - started,
    filterMs: filtered - ready,
    cohortSizeMs: resized - filtered,
    rows: Object.fromEntries([...tables].map(([name, rows]) => [name, rows.length])),
    cells: Object.values(first).reduce((sum, cells) => sum + cells.length, 0),
  };
};
