import type { ReactNode } from 'react';
import type { Group } from '../dataset/schema';
import { GROUP_STYLE } from './groups';

/** One group's headline number: its swatch and label, the value, an "unstable" mark, and details. */
export function GroupValue({
  group,
  value,
  unstable,
  children,
}: {
  group: Group;
  value: ReactNode;
  unstable: boolean;
  children?: ReactNode;
}) {
  // Words rather than a number ("over 364 days", "not reached") in a smaller size, so that they
  // stay on one line in a card's half column, on paper too.
  const words = typeof value === 'string' && value.length > 10;
  return (
    <div className={`card-value group-${group}`}>
      <dt>
        <span
          className="swatch"
          style={{ background: GROUP_STYLE[group].color }}
          aria-hidden="true"
        />
        {GROUP_STYLE[group].label}
      </dt>
      <dd className={words ? 'value-words' : undefined}>
        {value}
        {unstable && (
          <abbr className="unstable" title="Fewer than 30 in the denominator: unstable estimate">
            {' '}
            unstable
          </abbr>
        )}
      </dd>
      {children}
    </div>
  );
}
