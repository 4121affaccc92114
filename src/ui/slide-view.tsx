import { THRESHOLDS_TEXT } from './baseline-table';
import { SlideBars, SlideCurve } from './slide-chart';
import type {
  BaselineSlideModel,
  MeasureSlideModel,
  NotYetSlideModel,
  SlideModel,
  SummarySlideModel,
} from './slide-model';

function MeasureSlide({ slide }: { slide: MeasureSlideModel }) {
  return (
    <div className="slide-finding">
      <h2>{slide.title}</h2>
      <p className="slide-tags">
        <span className="slide-direction">{slide.direction}</span>
        <span className={`status status-${slide.status}`}>{slide.statusText}</span>
      </p>
      <p className="slide-sentence">{slide.sentence}</p>
      <div className="slide-body">
        <div className="slide-chart-area">
          {slide.chart.kind === 'bars' ? (
            <SlideBars chart={slide.chart} title={slide.title} />
          ) : (
            <SlideCurve chart={slide.chart} title={slide.title} />
          )}
        </div>
        <div className="slide-aside">
          <p className="slide-scope">{slide.scope}</p>
          <p className="slide-definition">
            <strong>Definition.</strong> {slide.definition}
          </p>
        </div>
      </div>
    </div>
  );
}

function SummarySlide({ slide }: { slide: SummarySlideModel }) {
  return (
    <div className="slide-finding">
      <h2>Every measure at a glance</h2>
      <table className="slide-table">
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              n, Linkages · comparison
            </th>
            <th scope="col">Direction</th>
          </tr>
        </thead>
        <tbody>
          {slide.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.title}</th>
              <td>
                <span className={`status status-${row.status}`}>{row.statusText}</span>
              </td>
              <td className="num">{row.n}</td>
              <td>{row.direction}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NotYetSlide({ slide }: { slide: NotYetSlideModel }) {
  return (
    <div className="slide-finding">
      <h2>Not yet, or no clear difference</h2>
      {slide.rows.length === 0 ? (
        <p className="slide-sentence">Every measure shows Linkages ahead or is a count of reach.</p>
      ) : (
        <ul className="slide-not-yet">
          {slide.rows.map((row) => (
            <li key={row.id}>
              <strong>{row.title}</strong> <span className="slide-status">{row.statusText}.</span>{' '}
              <span className="slide-reason">{row.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function BaselineSlide({ slide }: { slide: BaselineSlideModel }) {
  return (
    <div className="slide-finding">
      <h2>Were the groups comparable at the start?</h2>
      <p className="slide-sentence slide-tally">{slide.tally}.</p>
      <table className="slide-table">
        <thead>
          <tr>
            <th scope="col">Characteristic at the index date</th>
            <th scope="col">Largest gap (Linkages against comparison)</th>
            <th scope="col" className="num">
              Std. diff.
            </th>
            <th scope="col">Balance</th>
          </tr>
        </thead>
        <tbody>
          {slide.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.title}</th>
              <td>{row.largest}</td>
              <td className="num">{row.difference}</td>
              <td>
                <span className={row.balance ? `balance balance-${row.balance}` : undefined}>
                  {row.balanceText}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="slide-definition">{THRESHOLDS_TEXT}</p>
    </div>
  );
}

/** One slide's content from its model (the same model the PowerPoint deck is built from). */
export function SlideView({ slide }: { slide: SlideModel }) {
  switch (slide.kind) {
    case 'title':
      return (
        <div className="slide-title">
          <p className="slide-kicker">Linkages Evaluation</p>
          <h1>{slide.title}</h1>
          <p className="slide-place">{slide.place}</p>
          <p className="slide-date">{slide.date}</p>
        </div>
      );
    case 'measure':
      return <MeasureSlide slide={slide} />;
    case 'summary':
      return <SummarySlide slide={slide} />;
    case 'not-yet':
      return <NotYetSlide slide={slide} />;
    case 'baseline':
      return <BaselineSlide slide={slide} />;
  }
}
