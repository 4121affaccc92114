import { PERIODS, PERIOD_NOUN } from '../measures/cohorts';
import type { Period } from '../measures/types';
import { SegmentedChoice } from './segmented-choice';

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
    <SegmentedChoice
      label="Cohort size"
      caption="Cohorts by"
      options={OPTIONS}
      value={value}
      onChange={onChange}
    />
  );
}
