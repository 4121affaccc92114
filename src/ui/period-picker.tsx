import type { Period } from '../measures/types';

const OPTIONS: { value: Period; label: string }[] = [
  { value: 'quarter', label: 'Quarter' },
  { value: 'half', label: 'Half-year' },
  { value: 'year', label: 'Year' },
];

/** Cohort size: families are grouped by the quarter, half-year or year of their start date. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (period: Period) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Cohort size">
      <span className="segmented-label">Cohorts by</span>
      {OPTIONS.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={value === option.value}
          className={value === option.value ? 'selected' : undefined}
          onClick={() => {
            onChange(option.value);
          }}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
