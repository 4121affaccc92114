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
      <dd>
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
