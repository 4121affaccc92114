import { normalizeHeader } from './schema';

/**
 * The privacy guard, in one place: headers and values that look like direct identifiers. A column
 * caught by it is never loaded, and the evaluator is told which and why.
 */

/** Matched against the normalized header (lower case, letters and digits only). */
export const PRIVACY_HEADERS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /ssn|socialsecurity|socsec/, why: 'the header names a Social Security number' },
  { pattern: /^cin|cins?$|clientindex/, why: 'the header names a client index number (CIN)' },
  { pattern: /dob|birth/, why: 'the header names a birth date' },
  { pattern: /address|street|^addr|zip|postal/, why: 'the header names an address' },
  {
    pattern: /phone|mobile|^cell$|telephone|^tel(no|num|nbr|number)?$/,
    why: 'the header names a phone number',
  },
  { pattern: /email/, why: 'the header names an e-mail address' },
  {
    pattern: /case(number|num|no|nbr)|referral(number|num|no)|docket/,
    why: 'the header names a case number',
  },
  {
    pattern:
      /(?<!unit|county|office|team|group|program|file|site|region)names?$|firstname|lastname|surname/,
    why: 'the header names a person’s name',
  },
];

/**
 * RE2 patterns (DuckDB `regexp_full_match`) for trimmed cell values. `guard` gives a cheap SQL test
 * of the value expression `v` that every match passes (the patterns other than e-mail match ASCII only, so
 * bytes are characters): the regular expression runs only on values that pass it.
 */
export const PRIVACY_VALUES: readonly {
  pattern: string;
  guard: (v: string) => string;
  why: string;
  /** What to do when a required id column is caught (default: replace it with pseudonymous ids). */
  advice?: string;
}[] = [
  {
    pattern: '\\d{3}-\\d{2}-\\d{4}',
    guard: (v) => `strlen(${v}) = 11`,
    why: 'values look like Social Security numbers (###-##-####)',
  },
  {
    pattern: '\\d{9}',
    guard: (v) => `strlen(${v}) = 9`,
    why: 'values look like Social Security numbers (9 digits)',
    advice:
      'If these are already pseudonymous ids, give each a letter before its digits (F123456789 for 123456789) in every file, since a 9-digit number cannot be told from a Social Security number; otherwise replace them with pseudonymous ids. Then load the files again.',
  },
  {
    pattern: '\\d{8}[A-Za-z]',
    guard: (v) => `strlen(${v}) = 9`,
    why: 'values look like client index numbers (CIN: 8 digits and a letter)',
  },
  {
    pattern: '(\\+?1[ .-]?)?\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}',
    guard: (v) => `strlen(${v}) BETWEEN 12 AND 17`,
    why: 'values look like phone numbers',
  },
  {
    pattern: '[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}',
    guard: (v) => `contains(${v}, '@')`,
    why: 'values look like e-mail addresses',
  },
  {
    pattern: '\\d{4}-\\d{4}-\\d{4}-\\d{7}',
    guard: (v) => `strlen(${v}) = 22`,
    why: 'values look like CWS/CMS case or referral numbers (####-####-####-#######)',
  },
];

/** A column is caught by its values when at least this share of its non-blank values match. */
export const PRIVACY_VALUE_SHARE = 0.5;

/** The value patterns as JavaScript regular expressions (they mean the same in both). */
const VALUE_PATTERNS = PRIVACY_VALUES.map((rule) => new RegExp(`^(?:${rule.pattern})$`));

/** Whether a trimmed value looks like a direct identifier, by PRIVACY_VALUES. */
export function looksLikeIdentifier(value: string): boolean {
  return VALUE_PATTERNS.some((pattern) => pattern.test(value));
}

export function privacyHeaderReason(header: string): string | null {
  const key = normalizeHeader(header);
  return PRIVACY_HEADERS.find((rule) => rule.pattern.test(key))?.why ?? null;
}
