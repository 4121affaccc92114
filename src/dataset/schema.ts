/**
 * The Linkages outcome extract, version 1 (shared/spec/extract-schema.md), declared once.
 * The loader, the normalized tables, the data dictionary, the CSV templates and the sample
 * generator are all derived from this list.
 */
export type ColumnType =
  'text' | 'county' | 'group' | 'date' | 'enum' | 'flag' | 'integer' | 'money';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  readonly description: string;
  /** Canonical values of an enum column. */
  readonly values?: readonly string[];
  /** Other headers counties use for this column (compared after header normalization). */
  readonly synonyms?: readonly string[];
}

export type TableName = 'families' | 'children' | 'adults';

export interface TableSpec {
  readonly name: TableName;
  readonly fileName: string;
  readonly required: boolean;
  readonly description: string;
  /** The column that must be unique in the file, if any. */
  readonly uniqueKey?: string;
  readonly columns: readonly ColumnSpec[];
}

const col = (
  name: string,
  type: ColumnType,
  required: boolean,
  description: string,
  extra: Pick<ColumnSpec, 'values' | 'synonyms'> = {},
): ColumnSpec => ({ name, type, required, description, ...extra });

export const ID_SOURCES = [
  'data_match',
  'cws_screening',
  'calworks_referral',
  'liaison',
  'court',
  'other',
  'unknown',
] as const;
export const CWS_COMPONENTS = ['ER', 'FM', 'FR', 'PP', 'none', 'unknown'] as const;
export const EXIT_REASONS = [
  'reunified',
  'adopted',
  'guardianship',
  'emancipated',
  'other',
] as const;
export const WTW_STATUSES = [
  'active',
  'exempt',
  'noncompliance',
  'sanction',
  'good_cause',
  'not_enrolled',
  'unknown',
] as const;
export const EXCLUSION_REASONS = ['timed_out', 'drug_felon', 'ssi', 'non_wtw', 'other'] as const;
export const GROUPS = ['linkages', 'comparison'] as const;
export type Group = (typeof GROUPS)[number];

export const FAMILIES: TableSpec = {
  name: 'families',
  fileName: 'families.csv',
  required: true,
  description: 'One row per mutual family. Enough on its own for the process measures.',
  uniqueKey: 'family_id',
  columns: [
    col('family_id', 'text', true, 'Pseudonymous family key, unique in the file.', {
      synonyms: ['family', 'fam_id', 'family_key', 'familyid'],
    }),
    col('county', 'county', true, 'California county name or 2-digit code 01–58.', {
      synonyms: ['county_name', 'county_code', 'cnty'],
    }),
    col(
      'unit_id',
      'text',
      true,
      'Office, unit or team that served the family; group is assigned by unit.',
      {
        synonyms: ['unit', 'office', 'team', 'unit_name', 'office_id'],
      },
    ),
    col('group', 'group', true, '"linkages" (pilot unit) or "comparison" (non-Linkages unit).', {
      synonyms: ['study_group', 'arm', 'pilot', 'linkages_unit', 'group_name'],
    }),
    col(
      'mutual_start_date',
      'date',
      true,
      'Index date: first date the family was both a CalWORKs applicant/recipient and had an open CWS referral or case.',
      { synonyms: ['index_date', 'mutual_date', 'start_date', 'mutual_start'] },
    ),
    col(
      'identified_date',
      'date',
      false,
      'Date staff or a data match flagged the family as mutual.',
      {
        synonyms: ['date_identified', 'identification_date'],
      },
    ),
    col('id_source', 'enum', false, 'How the family was identified.', {
      values: ID_SOURCES,
      synonyms: ['identification_source', 'identified_by'],
    }),
    col(
      'linkages_start_date',
      'date',
      false,
      'Linkages coordination opened (blank in comparison units).',
      {
        synonyms: ['linkages_date', 'coordination_start_date'],
      },
    ),
    col(
      'coordinated_plan_date',
      'date',
      false,
      'Coordinated (linked) case plan signed or documented; blank = not yet.',
      {
        synonyms: ['coordinated_case_plan_date', 'linked_plan_date', 'case_plan_date', 'plan_date'],
      },
    ),
    col('cws_component_at_index', 'enum', false, 'CWS service component on the index date.', {
      values: CWS_COMPONENTS,
      synonyms: ['cws_component', 'component', 'service_component'],
    }),
    col(
      'child_in_care_at_index',
      'flag',
      false,
      'Any child in out-of-home care on the index date.',
      {
        synonyms: ['child_in_care', 'in_care_at_index'],
      },
    ),
    col('cws_case_close_date', 'date', false, 'CWS case closed; blank = open.', {
      synonyms: ['case_close_date', 'cws_close_date'],
    }),
    col(
      'next_subst_referral_date',
      'date',
      false,
      'First substantiated maltreatment referral on any child of the family more than 14 days after the index date.',
      { synonyms: ['substantiated_referral_date', 'recurrence_date'] },
    ),
    col(
      'first_removal_after_index_date',
      'date',
      false,
      'First removal of any child after the index date.',
      { synonyms: ['first_removal_date', 'removal_after_index_date'] },
    ),
    col(
      'data_through_date',
      'date',
      false,
      "The extract's as-of date; rows that disagree are an error.",
      {
        synonyms: ['data_through', 'as_of_date', 'asof_date', 'extract_date'],
      },
    ),
  ],
};

export const CHILDREN: TableSpec = {
  name: 'children',
  fileName: 'children.csv',
  required: false,
  description:
    'One row per child placement episode (out-of-home care). Adds reunification and re-entry.',
  columns: [
    col(
      'child_id',
      'text',
      true,
      'Pseudonymous child key; a child may have several episodes (rows).',
      {
        synonyms: ['child', 'client_id', 'child_key'],
      },
    ),
    col('family_id', 'text', true, 'Must exist in families.csv.', {
      synonyms: ['family', 'fam_id', 'family_key'],
    }),
    col('removal_date', 'date', true, 'Episode start.', {
      synonyms: ['episode_start_date', 'removal', 'entry_date', 'episode_start'],
    }),
    col('episode_end_date', 'date', false, 'Discharge; blank = still in care.', {
      synonyms: ['exit_date', 'discharge_date', 'episode_end'],
    }),
    col(
      'exit_reason',
      'enum',
      false,
      'reunified, adopted, guardianship, emancipated or other; CWS/CMS termination codes accepted.',
      { values: EXIT_REASONS, synonyms: ['exit_type', 'termination_reason', 'discharge_reason'] },
    ),
    col('age_at_removal', 'integer', true, 'Whole years, 0–21.', {
      synonyms: ['age_at_entry', 'removal_age', 'entry_age'],
    }),
    col('age_at_exit', 'integer', false, 'Whole years.', {
      synonyms: ['exit_age', 'discharge_age'],
    }),
    col(
      'reentry_date',
      'date',
      false,
      "First removal after this episode ended; if blank, the same child's next episode is used.",
      { synonyms: ['re_entry_date', 'reentry'] },
    ),
  ],
};

export const ADULTS: TableSpec = {
  name: 'adults',
  fileName: 'adults.csv',
  required: false,
  description: 'One row per parent or caretaker adult. Adds the CalWORKs measures.',
  uniqueKey: 'person_id',
  columns: [
    col('person_id', 'text', true, 'Pseudonymous adult key, unique in the file.', {
      synonyms: ['adult_id', 'person', 'caretaker_id', 'parent_id'],
    }),
    col('family_id', 'text', true, 'Must exist in families.csv.', {
      synonyms: ['family', 'fam_id', 'family_key'],
    }),
    col('wtw_status_at_index', 'enum', false, 'Welfare-to-Work status on the index date.', {
      values: WTW_STATUSES,
      synonyms: ['wtw_status', 'welfare_to_work_status'],
    }),
    col(
      'exclusion_reason',
      'enum',
      false,
      'Blank = in the evaluation population; else timed_out, drug_felon, ssi, non_wtw or other.',
      { values: EXCLUSION_REASONS, synonyms: ['excluded_reason', 'exclusion'] },
    ),
    col('employed_at_index', 'flag', false, 'Employed on the index date.', {
      synonyms: ['employed', 'employed_at_start'],
    }),
    col(
      'first_employment_date',
      'date',
      false,
      'First unsubsidized job start on or after the index date.',
      {
        synonyms: ['employment_date', 'job_start_date', 'first_job_date'],
      },
    ),
    col(
      'sanction_start_date',
      'date',
      false,
      'Sanction in effect at the index date (its start), or first sanction imposed after it.',
      { synonyms: ['sanction_date', 'sanction_start'] },
    ),
    col('sanction_cure_date', 'date', false, 'Sanction cured; blank = still sanctioned.', {
      synonyms: ['cure_date', 'sanction_cure'],
    }),
    col(
      'aid_exit_date',
      'date',
      false,
      'First case closure after the index date followed by at least 90 days without aid.',
      { synonyms: ['aid_exit', 'case_closure_date'] },
    ),
    col('aid_return_date', 'date', false, 'First re-approval of aid after aid_exit_date.', {
      synonyms: ['aid_return', 'reapproval_date'],
    }),
    col('grant_m1', 'money', false, 'Grant issued in the index month; 0 = none, blank = unknown.', {
      synonyms: ['grant_month_1', 'grant_1'],
    }),
    col('grant_m6', 'money', false, 'Grant issued in month 6.', {
      synonyms: ['grant_month_6', 'grant_6'],
    }),
    col('grant_m9', 'money', false, 'Grant issued in month 9.', {
      synonyms: ['grant_month_9', 'grant_9'],
    }),
    col('grant_m12', 'money', false, 'Grant issued in month 12.', {
      synonyms: ['grant_month_12', 'grant_12'],
    }),
  ],
};

export const TABLES: readonly TableSpec[] = [FAMILIES, CHILDREN, ADULTS];

export function tableSpec(name: TableName): TableSpec {
  const spec = TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`Unknown table ${name}`);
  return spec;
}

/** SQL type of a column once normalized (see tables.ts). */
export function sqlType(type: ColumnType): string {
  switch (type) {
    case 'date':
      return 'DATE';
    case 'flag':
      return 'BOOLEAN';
    case 'integer':
      return 'INTEGER';
    case 'money':
      return 'DOUBLE';
    default:
      return 'VARCHAR';
  }
}

/** Header normalization: case, spaces and punctuation are ignored; camelCase splits. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** California's 58 counties in code order (01 Alameda … 58 Yuba). */
export const CALIFORNIA_COUNTIES = [
  'Alameda',
  'Alpine',
  'Amador',
  'Butte',
  'Calaveras',
  'Colusa',
  'Contra Costa',
  'Del Norte',
  'El Dorado',
  'Fresno',
  'Glenn',
  'Humboldt',
  'Imperial',
  'Inyo',
  'Kern',
  'Kings',
  'Lake',
  'Lassen',
  'Los Angeles',
  'Madera',
  'Marin',
  'Mariposa',
  'Mendocino',
  'Merced',
  'Modoc',
  'Mono',
  'Monterey',
  'Napa',
  'Nevada',
  'Orange',
  'Placer',
  'Plumas',
  'Riverside',
  'Sacramento',
  'San Benito',
  'San Bernardino',
  'San Diego',
  'San Francisco',
  'San Joaquin',
  'San Luis Obispo',
  'San Mateo',
  'Santa Barbara',
  'Santa Clara',
  'Santa Cruz',
  'Shasta',
  'Sierra',
  'Siskiyou',
  'Solano',
  'Sonoma',
  'Stanislaus',
  'Sutter',
  'Tehama',
  'Trinity',
  'Tulare',
  'Tuolumne',
  'Ventura',
  'Yolo',
  'Yuba',
] as const;
