import type {
  BaselineCharacteristic,
  BaselineMean,
  BaselineShare,
  CategoricalCharacteristic,
  MeanCharacteristic,
} from '../measures/baseline';
import {
  ADJUSTABLE_UP_TO,
  COMPARABLE_UP_TO,
  type Balance,
} from '../measures/standardized-difference';
import { MASKED_RATE, formatCount, formatRate } from './format';
import { GROUP_STYLE } from './groups';
import './baseline-table.css';

/** The class in words with a mark, so it never rests on colour alone. */
export const BALANCE_TEXT: Record<Balance, { mark: string; label: string }> = {
  comparable: { mark: '✓', label: 'Comparable' },
  'needs-adjustment': { mark: '△', label: 'Needs adjustment' },
  'not-comparable': { mark: '✕', label: 'Not comparable' },
};

/** The thresholds in one line, from the module that applies them. */
export const THRESHOLDS_TEXT =
  `Standardized difference (Linkages minus comparison, in standard deviations; Austin 2009), ` +
  `classed by the What Works Clearinghouse: at most ${String(COMPARABLE_UP_TO)} comparable; ` +
  `above ${String(COMPARABLE_UP_TO)} up to ${String(ADJUSTABLE_UP_TO)} needs statistical ` +
  `adjustment; above ${String(ADJUSTABLE_UP_TO)} not comparable.`;

export const CATEGORY_LABEL: Record<string, string> = {
  ER: 'Emergency Response (ER)',
  FM: 'Family Maintenance (FM)',
  FR: 'Family Reunification (FR)',
  PP: 'Permanent Placement (PP)',
  none: 'No open CWS component',
  data_match: 'Data match',
  cws_screening: 'CWS screening',
  calworks_referral: 'CalWORKs referral',
  liaison: 'Liaison',
  court: 'Court',
  other: 'Other',
  active: 'Active',
  exempt: 'Exempt',
  noncompliance: 'Noncompliance',
  sanction: 'Sanction',
  good_cause: 'Good cause',
  not_enrolled: 'Not enrolled',
  yes: 'Yes',
  no: 'No',
  'not recorded': 'Not recorded (blank or unknown)',
};

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** A mean in the characteristic's own terms: dollars, years, children. */
export function formatMean(id: string, value: number): string {
  if (id === 'grant-index-month') return dollars.format(value);
  if (id === 'age-at-removal') return `${value.toFixed(1)} years`;
  return value.toFixed(2);
}

export function formatStandardizedDifference(value: number | null, masked: boolean): string {
  if (value === null) return masked ? MASKED_RATE : '—';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(3)}`;
}

export function BalanceMark({ balance, masked }: { balance: Balance | null; masked: boolean }) {
  if (balance === null) {
    return <span className="baseline-masked">{masked ? MASKED_RATE : 'no comparison'}</span>;
  }
  const { mark, label } = BALANCE_TEXT[balance];
  return (
    <span className={`balance balance-${balance}`}>
      <span aria-hidden="true">{mark}</span> {label}
    </span>
  );
}

function DifferenceCell({ value, masked }: { value: number | null; masked: boolean }) {
  const text = formatStandardizedDifference(value, masked);
  return value === null && masked ? <span className="baseline-masked">{text}</span> : <>{text}</>;
}

function ShareCell({ value }: { value: BaselineShare }) {
  if (value.share === null) {
    return value.count === null ? (
      <span className="baseline-masked">{MASKED_RATE}</span>
    ) : (
      <>— ({formatCount(value.count)})</>
    );
  }
  return (
    <>
      {formatRate(value.share)} ({formatCount(value.count, false)})
    </>
  );
}

function MeanCell({ id, value }: { id: string; value: BaselineMean }) {
  if (value.n === null) return <span className="baseline-masked">{MASKED_RATE}</span>;
  if (value.mean === null) return <>— (0)</>;
  return (
    <>
      {formatMean(id, value.mean)} (n = {formatCount(value.n, false)})
      {value.sd !== null && (
        <span className="muted">
          <br />
          SD {formatMean(id, value.sd)}
        </span>
      )}
    </>
  );
}

function Head({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" className="num">
          {GROUP_STYLE.linkages.label}
        </th>
        <th scope="col" className="num">
          {GROUP_STYLE.comparison.label}
        </th>
        <th scope="col" className="num">
          Standardized difference
        </th>
        <th scope="col">Balance</th>
      </tr>
    </thead>
  );
}

function CategoryTable({ characteristic }: { characteristic: CategoricalCharacteristic }) {
  const { members, unit } = characteristic;
  return (
    <table className="data-table baseline-table">
      <caption>
        Share of {unit} (count) in each category, of {formatCount(members.linkages)} in Linkages
        units and {formatCount(members.comparison)} in comparison units
      </caption>
      <Head first="Category" />
      <tbody>
        {characteristic.categories.map((row) => (
          <tr key={row.category}>
            <th scope="row">{CATEGORY_LABEL[row.category] ?? row.category}</th>
            <td className="num">
              <ShareCell value={row.linkages} />
            </td>
            <td className="num">
              <ShareCell value={row.comparison} />
            </td>
            <td className="num">
              <DifferenceCell value={row.standardizedDifference} masked={row.suppressed} />
            </td>
            <td>
              <BalanceMark balance={row.balance} masked={row.suppressed} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MeanTable({ characteristic }: { characteristic: MeanCharacteristic }) {
  const { id, unit } = characteristic;
  return (
    <table className="data-table baseline-table">
      <caption>Mean and standard deviation (SD) over the {unit} with a value (n)</caption>
      <Head first="Statistic" />
      <tbody>
        <tr>
          <th scope="row">Mean</th>
          <td className="num">
            <MeanCell id={id} value={characteristic.linkages} />
          </td>
          <td className="num">
            <MeanCell id={id} value={characteristic.comparison} />
          </td>
          <td className="num">
            <DifferenceCell
              value={characteristic.standardizedDifference}
              masked={characteristic.suppressed}
            />
          </td>
          <td>
            <BalanceMark balance={characteristic.balance} masked={characteristic.suppressed} />
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** One characteristic: its title, who is counted, and its table (or why it is not measured). */
export function BaselineTable({ characteristic }: { characteristic: BaselineCharacteristic }) {
  const headingId = `baseline-${characteristic.id}`;
  return (
    <section className="baseline-characteristic" aria-labelledby={headingId}>
      <h3 id={headingId}>{characteristic.title}</h3>
      <p className="panel-sub">
        {characteristic.definition} <span className="muted">({characteristic.source})</span>
      </p>
      {characteristic.notMeasured !== null ? (
        <p className="card-empty">Not measured: {characteristic.notMeasured}.</p>
      ) : characteristic.kind === 'categories' ? (
        <div className="table-scroll">
          <CategoryTable characteristic={characteristic} />
        </div>
      ) : (
        <div className="table-scroll">
          <MeanTable characteristic={characteristic} />
        </div>
      )}
    </section>
  );
}

/** The three classes with their marks, for the page's legend. */
export function BalanceLegend() {
  return (
    <ul className="baseline-legend" aria-label="Balance classes">
      {(Object.keys(BALANCE_TEXT) as Balance[]).map((balance) => (
        <li key={balance}>
          <BalanceMark balance={balance} masked={false} />
        </li>
      ))}
      <li>
        <span className="baseline-masked">{MASKED_RATE}</span>: a count of 1–10, a share, mean or
        difference built on one, or a number that would give one away
      </li>
    </ul>
  );
}
