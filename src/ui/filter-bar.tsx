import { memo, useEffect, useId, useRef } from 'react';
import { cohortLabelsBetween, relabelCohort } from '../measures/cohorts';
import type { FilterValues } from '../measures/filter-values';
import type { Period } from '../measures/types';
import { formatCohort } from './format';
import { PeriodPicker } from './period-picker';

/** The view's filters as the URL holds them. */
export interface FilterState {
  period: Period;
  counties: string[];
  units: string[];
  from: string | null;
  to: string | null;
}

function summaryText(selected: readonly string[], all: string, noun: string): string {
  if (selected.length === 0) return all;
  if (selected.length <= 2) return selected.join(', ');
  return `${String(selected.length)} ${noun}`;
}

function CheckList({
  label,
  allText,
  noun,
  options,
  selected,
  onChange,
}: {
  label: string;
  allText: string;
  noun: string;
  options: { value: string; label: string }[];
  selected: string[];
  onChange: (selected: string[]) => void;
}) {
  const id = useId();
  const menu = useRef<HTMLDetailsElement>(null);
  // A menu closes on a click elsewhere, like a native select.
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const details = menu.current;
      if (details?.open && event.target instanceof Node && !details.contains(event.target)) {
        details.open = false;
      }
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, []);
  const toggle = (value: string, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(value);
    else next.delete(value);
    // Option order keeps the URL the same whatever the clicking order.
    onChange(options.map((o) => o.value).filter((v) => next.has(v)));
  };
  return (
    <details
      ref={menu}
      className="filter-menu"
      data-filter={noun}
      onKeyDown={(event) => {
        const details = menu.current;
        if (event.key === 'Escape' && details?.open) {
          details.open = false;
          details.querySelector('summary')?.focus();
        }
      }}
    >
      <summary aria-label={`${label}: ${summaryText(selected, allText, noun)}`}>
        <span className="filter-label">{label}</span> {summaryText(selected, allText, noun)}
      </summary>
      <fieldset className="filter-options" aria-labelledby={`${id}-legend`}>
        <legend id={`${id}-legend`} className="visually-hidden">
          {label}
        </legend>
        {options.map((option) => (
          <label key={option.value} className="filter-option">
            <input
              type="checkbox"
              checked={selected.includes(option.value)}
              onChange={(event) => {
                toggle(option.value, event.target.checked);
              }}
            />
            {option.label}
          </label>
        ))}
        {selected.length > 0 && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              onChange([]);
            }}
          >
            {allText}
          </button>
        )}
      </fieldset>
    </details>
  );
}

/**
 * Counties, units, cohort range and cohort size: they apply to every chart on the page. Drawn
 * again only when its values or state change, not as each chart's query resolves.
 */
export const FilterBar = memo(function FilterBar({
  values,
  state,
  onChange,
}: {
  values: FilterValues | undefined;
  state: FilterState;
  onChange: (change: Partial<FilterState>) => void;
}) {
  const id = useId();
  const counties = values?.counties ?? [];
  const units = (values?.units ?? []).filter(
    (unit) => state.counties.length === 0 || state.counties.includes(unit.county),
  );
  const cohorts =
    values?.firstDate && values.dataThrough
      ? cohortLabelsBetween(state.period, values.firstDate, values.dataThrough)
      : [];
  const withCurrent = (value: string | null) =>
    value && !cohorts.includes(value) ? [value, ...cohorts] : cohorts;
  const filtered =
    state.counties.length + state.units.length > 0 || state.from !== null || state.to !== null;
  return (
    <div className="filter-bar" role="group" aria-label="Filters for every chart">
      <CheckList
        label="Counties"
        allText="All counties"
        noun="counties"
        options={counties.map((c) => ({ value: c, label: c }))}
        selected={state.counties}
        onChange={(next) => {
          const kept = (values?.units ?? [])
            .filter((u) => next.length === 0 || next.includes(u.county))
            .map((u) => u.unitId);
          onChange({ counties: next, units: state.units.filter((u) => kept.includes(u)) });
        }}
      />
      <CheckList
        label="Units"
        allText="All units"
        noun="units"
        options={units.map((u) => ({
          value: u.unitId,
          label: `${u.unitId} (${u.group === 'linkages' ? 'Linkages' : 'comparison'})`,
        }))}
        selected={state.units}
        onChange={(next) => {
          onChange({ units: next });
        }}
      />
      <div className="cohort-range">
        <label htmlFor={`${id}-from`}>Cohorts from</label>
        <select
          id={`${id}-from`}
          value={state.from ?? ''}
          onChange={(event) => {
            onChange({ from: event.target.value || null });
          }}
        >
          <option value="">first</option>
          {withCurrent(state.from)
            .filter((c) => !state.to || c <= state.to)
            .map((c) => (
              <option key={c} value={c}>
                {formatCohort(c)}
              </option>
            ))}
        </select>
        <label htmlFor={`${id}-to`}>to</label>
        <select
          id={`${id}-to`}
          value={state.to ?? ''}
          onChange={(event) => {
            onChange({ to: event.target.value || null });
          }}
        >
          <option value="">latest</option>
          {withCurrent(state.to)
            .filter((c) => !state.from || c >= state.from)
            .map((c) => (
              <option key={c} value={c}>
                {formatCohort(c)}
              </option>
            ))}
        </select>
      </div>
      <PeriodPicker
        value={state.period}
        onChange={(period) => {
          onChange({
            period,
            from: state.from && relabelCohort(state.from, period, 'from'),
            to: state.to && relabelCohort(state.to, period, 'to'),
          });
        }}
      />
      {filtered && (
        <button
          type="button"
          className="button small secondary"
          onClick={() => {
            onChange({ counties: [], units: [], from: null, to: null });
          }}
        >
          Clear filters
        </button>
      )}
    </div>
  );
});
