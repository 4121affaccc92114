import {
  TABLES,
  tableSpec,
  type ColumnSpec,
  type ColumnType,
  type TableName,
  type TableSpec,
} from './schema';

/** One line of the data dictionary the UI shows next to the upload. */
export interface DictionaryRow {
  readonly file: string;
  readonly column: string;
  readonly type: ColumnType;
  readonly required: boolean;
  readonly description: string;
  /** Values or formats accepted in the cell, in the words of the extract spec. */
  readonly allowed: string;
  /** Other headers accepted for the column (besides case, spacing and punctuation variants). */
  readonly otherHeaders: readonly string[];
}

const BLANKS = 'Blank: empty, NA, N/A, NULL, - or .';

const FORMATS: Record<ColumnType, string> = {
  text: 'Pseudonymous text; no names, SSNs, CINs or case numbers.',
  county:
    'California county name in any case ("Los Angeles", "LOS ANGELES County") or code 01–58 (19 = Los Angeles).',
  group:
    'linkages (also pilot, L, treatment, Linkages unit) or comparison (also non-pilot, nonpilot, C, control, non-Linkages).',
  date:
    'YYYY-MM-DD, M/D/YYYY, MM/DD/YYYY, M/D/YY, YYYY/MM/DD, D-Mon-YYYY, Excel day number or ISO timestamp; month before day. ' +
    '9999-12-31, 12/31/9999, 1900-01-01 and 0001-01-01 mean blank. Blank = not observed by the data-through date.',
  enum: '',
  flag: 'Yes: Y, Yes, TRUE, T, 1, X. No: N, No, FALSE, F, 0. Unknown: blank, Unknown, U (never read as no).',
  integer: 'Whole number.',
  money: 'Dollars: 1234.50, 1,234.50, $1,234.50, (25.00) for negative; 0 = none, blank = unknown.',
};

const ENUM_CODES: Record<string, string> = {
  cws_component_at_index: ' CWS/CMS codes 1692–1695 are accepted.',
  exit_reason:
    ' CWS/CMS termination codes are accepted: 5439, 5440, 5513 → reunified; 5426, 5505, 5438, 5519, 6530, 6531 → adopted; ' +
    '5434, 5516 → guardianship; 5427, 5506, 5433, 5510 → emancipated; any other code → other. Blank while in care.',
  exclusion_reason: ' Blank = in the evaluation population.',
};

function allowedValues(table: TableSpec, column: ColumnSpec): string {
  let allowed =
    column.type === 'enum'
      ? `One of: ${(column.values ?? []).join(', ')}.${ENUM_CODES[column.name] ?? ''}`
      : FORMATS[column.type];
  if (column.name === table.uniqueKey) allowed += ' Unique in the file.';
  if (column.name === 'family_id' && table.name !== 'families')
    allowed += ' Must exist in families.csv.';
  if (column.name === 'age_at_removal') allowed += ' 0–21.';
  if (!column.required && column.type !== 'flag') allowed += ` ${BLANKS}.`;
  if (column.required) allowed += ' Required: a blank or unreadable value rejects the row.';
  return allowed;
}

/** Every column of every extract file, in file and column order. */
export function dataDictionary(): DictionaryRow[] {
  return TABLES.flatMap((table) =>
    table.columns.map((column) => ({
      file: table.fileName,
      column: column.name,
      type: column.type,
      required: column.required,
      description: column.description,
      allowed: allowedValues(table, column),
      otherHeaders: column.synonyms ?? [],
    })),
  );
}

/** The header line of a file, ready to download as an empty template. */
export function templateCsv(table: TableName): string {
  return `${tableSpec(table)
    .columns.map((c) => c.name)
    .join(',')}\r\n`;
}
