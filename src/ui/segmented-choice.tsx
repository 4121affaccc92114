import { useRef, type KeyboardEvent } from 'react';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/**
 * A row of mutually exclusive choices (cohort size, sort order) as one WAI-ARIA radio group: a
 * single tab stop on the chosen option, arrow keys (and Home/End) move and choose, as the APG's
 * radio group pattern asks.
 */
export function SegmentedChoice<T extends string>({
  label,
  caption,
  options,
  value,
  onChange,
  small = false,
}: {
  /** The group's accessible name, e.g. "Cohort size". */
  label: string;
  /** The visible words before the options, e.g. "Cohorts by". */
  caption: string;
  options: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  small?: boolean;
}) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const chosen = Math.max(
    0,
    options.findIndex((option) => option.value === value),
  );
  const choose = (index: number) => {
    const option = options[index];
    if (!option) return;
    onChange(option.value);
    buttons.current[index]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = options.length - 1;
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    choose(next);
  };
  return (
    <div className={small ? 'segmented small' : 'segmented'} role="radiogroup" aria-label={label}>
      <span className="segmented-label" aria-hidden="true">
        {caption}
      </span>
      {options.map((option, index) => (
        <button
          key={option.value}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          role="radio"
          aria-checked={index === chosen}
          tabIndex={index === chosen ? 0 : -1}
          className={index === chosen ? 'selected' : undefined}
          onClick={() => {
            choose(index);
          }}
          onKeyDown={(event) => {
            onKeyDown(event, index);
          }}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
