import { PERIODS, PERIOD_NOUN } from '../measures/cohorts';
import type { Period } from '../measures/types';

const OPTIONS = PERIODS.map((value) => {
  const noun = PERIOD_NOUN[value];
  return { value, label: `${noun.charAt(0).toUpperCase()}${noun.slice(1)}` };
});

/** Cohort size: families are grouped by the quarter, half-year or year of their start date. */
export function PeriodPicker({
  value,
  onChange,
}: {
  value: Period;
  onChange: (period: Period) => void;
}) {
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
