/**
 * A value as one cell of a CSV file that is safe to open in a spreadsheet: the one formula-
 * injection guard for every CSV the app or the command line writes (rejected rows, measure
 * results, chart data).
 *
 * Text starting with = + - @, a tab or a carriage return gets a leading ' (a spreadsheet would
 * run it as a formula); text with a quote, comma or line break is quoted, quotes doubled.
 * Finite numbers and booleans are written as they are (a negative number is not a formula);
 * null, undefined and non-finite numbers give an empty cell; anything else is written as JSON.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
