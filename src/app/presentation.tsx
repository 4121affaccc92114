import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { availability, CATALOG, measuresShown, REACH_MEASURE } from '../measures/catalog';
import { findEarlyWins, type Finding, type MeasureEvidence } from '../measures/early-wins';
import type { MeasureFilters, Period } from '../measures/types';
import { provenanceOf } from '../measures/provenance';
import { VERDICT_LABEL } from '../measures/verdict';
import { useDb } from '../queries/db-context';
import { dataSourceOf, type LoadedExtract } from '../queries/extract';
import { extractContentsQuery } from '../queries/extract-contents';
import { headlineQuery, measureQuery } from '../queries/measures';
import { formatDate } from '../ui/format';
import { SlideChart } from '../ui/slide-chart';
import { usePrintState } from '../ui/print-report';
import { SlideDeck, SlidePages, type Slide } from '../ui/slide-deck';

const STATUS_TEXT: Record<Finding['status'], string> = {
  win: VERDICT_LABEL.linkages,
  reach: 'Reach',
  'no-difference': VERDICT_LABEL.noClaim,
  'comparison-ahead': VERDICT_LABEL.comparison,
  'too-early': 'Too early to tell',
  'too-small': 'Too few to report',
};

/**
 * Leadership presentation: the early wins of the loaded extract, in plain words, always
 * suppressed (this mode never offers the internal, unsuppressed view).
 */
export function Presentation({
  extract,
  period,
  filters,
  onExit,
}: {
  extract: LoadedExtract;
  period: Period;
  filters: MeasureFilters;
  onExit: () => void;
}) {
  const db = useDb();
  const view = { period, filters, suppress: true };
  const { line: provenance } = provenanceOf(dataSourceOf(extract), extract.report.dataThrough, {
    period,
    filters,
  });
  const contents = useQuery(extractContentsQuery(db, extract));
  const measures = contents.data ? measuresShown(contents.data) : [];
  // Each slide's number is its card's headline: the view's complete cohorts pooled (one request),
  // and the sentence's span is those cohorts.
  const headlines = measures.map((m) => headlineQuery(db, extract, m, view));
  const pooled = useQueries({ queries: headlines.map((h) => h.options) });
  const byCohort = useQueries({
    queries: measures.map((m, i) =>
      measureQuery(db, extract, m, ['cohort'], {
        ...view,
        filters: headlines[i]?.filters ?? view.filters,
      }),
    ),
  });
  const [byCounty] = useQueries({
    queries: [measureQuery(db, extract, REACH_MEASURE, ['county'], view)],
  });

  const ready = contents.data && pooled.concat(byCohort).every((q) => q.data) && byCounty.data;
  const counties = useMemo(
    () =>
      [...new Set((byCounty.data?.rows ?? []).map((r) => r.county ?? ''))]
        .filter((c) => c !== '')
        .sort(),
    [byCounty.data],
  );
  const evidence: MeasureEvidence[] = ready
    ? measures.map((measure, i) => ({
        measure,
        pooled: pooled[i]!.data!,
        byCohort: byCohort[i]!.data!,
      }))
    : [];
  const findings = ready ? findEarlyWins(evidence, counties.length) : [];
  const notMeasured = contents.data
    ? CATALOG.flatMap((measure) => {
        const shown = availability(measure, contents.data);
        return shown.available ? [] : [{ measure, needs: shown.needs }];
      })
    : [];

  const [chosen, setChosen] = useState<string[] | null>(null);
  const order =
    chosen ??
    findings.filter((f) => f.status === 'win' || f.status === 'reach').map((f) => f.measureId);
  const [title, setTitle] = useState('Linkages early wins');
  const [subtitle, setSubtitle] = useState<string | null>(null);
  const [date, setDate] = useState(() => formatDate(new Date().toISOString().slice(0, 10)));
  const [presenting, setPresenting] = useState(false);
  const place =
    subtitle ?? (counties.length <= 3 ? counties.join(', ') : `${counties.length} counties`);

  // A modal dialog: focus stays inside, Esc closes it, the page behind is inert.
  const dialog = useRef<HTMLDialogElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const { printing } = usePrintState();
  useEffect(() => {
    document.body.classList.add('presenting');
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => {
      document.body.classList.remove('presenting');
    };
  }, []);
  const leaveSlides = () => {
    setPresenting(false);
    if (document.fullscreenElement) void document.exitFullscreen();
  };
  // Back in the builder from the slides: focus returns to the button that started them.
  const [returned, setReturned] = useState(false);
  useEffect(() => {
    if (returned && !presenting) startButton.current?.focus();
  }, [returned, presenting]);

  const move = (id: string, by: number) => {
    const next = [...order];
    const at = next.indexOf(id);
    const to = at + by;
    if (at < 0 || to < 0 || to >= next.length) return;
    [next[at], next[to]] = [next[to]!, next[at]!];
    setChosen(next);
  };
  const toggle = (id: string) => {
    setChosen(order.includes(id) ? order.filter((x) => x !== id) : [...order, id]);
  };

  const slides: Slide[] = [
    {
      id: 'title',
      content: (
        <div className="slide-title">
          <p className="slide-kicker">Linkages Evaluation</p>
          <h1>{title}</h1>
          <p className="slide-place">{place}</p>
          <p className="slide-date">{date}</p>
        </div>
      ),
    },
    ...order.flatMap((id): Slide[] => {
      const finding = findings.find((f) => f.measureId === id);
      const index = measures.findIndex((m) => m.id === id);
      const measure = measures[index];
      const result = pooled[index]?.data;
      if (!finding || !measure || !result) return [];
      return [
        {
          id,
          content: (
            <div className="slide-finding">
              <h2>{measure.title}</h2>
              <p className="slide-sentence">{finding.sentence}</p>
              <SlideChart result={result} title={measure.title} />
              <p className="slide-scope">{finding.scope}</p>
              <p className="slide-definition">
                <strong>Definition.</strong> {measure.definition}
              </p>
            </div>
          ),
        },
      ];
    }),
  ];

  return (
    <dialog
      ref={dialog}
      className="presentation"
      aria-labelledby={presenting ? undefined : 'builder-title'}
      aria-label={presenting ? 'Presentation' : undefined}
      onCancel={(event) => {
        // On the slides, Esc goes back to the builder (the deck handles the key itself).
        if (presenting) event.preventDefault();
      }}
      onClose={onExit}
    >
      {presenting ? (
        <SlideDeck
          slides={slides}
          provenance={provenance}
          onExit={() => {
            leaveSlides();
            setReturned(true);
          }}
        />
      ) : (
        <div className="deck-builder">
          <header className="dialog-head">
            <h2 id="builder-title">Present early wins</h2>
            <button type="button" className="button secondary small" onClick={onExit}>
              Close
            </button>
          </header>
          <p className="muted">
            Results where Linkages is ahead and the 95% interval supports it are chosen first
            (process measures first: 12-month outcomes need a year of follow-up). Every number is
            suppressed per CalHHS guidelines.
          </p>
          {!ready ? (
            <p aria-busy="true">Finding early wins…</p>
          ) : (
            <>
              <fieldset className="builder-title">
                <legend>Title slide</legend>
                <label>
                  Title{' '}
                  <input
                    value={title}
                    onChange={(e) => {
                      setTitle(e.currentTarget.value);
                    }}
                  />
                </label>
                <label>
                  County{' '}
                  <input
                    value={place}
                    onChange={(e) => {
                      setSubtitle(e.currentTarget.value);
                    }}
                  />
                </label>
                <label>
                  Date{' '}
                  <input
                    value={date}
                    onChange={(e) => {
                      setDate(e.currentTarget.value);
                    }}
                  />
                </label>
              </fieldset>
              <ol className="builder-list" aria-label="Slides">
                {[
                  ...order,
                  ...findings.map((f) => f.measureId).filter((id) => !order.includes(id)),
                ].map((id) => {
                  const finding = findings.find((f) => f.measureId === id)!;
                  const measure = measures.find((m) => m.id === id)!;
                  const on = order.includes(id);
                  return (
                    <li key={id} className={on ? 'on' : undefined}>
                      <label>
                        <input
                          type="checkbox"
                          checked={on}
                          onChange={() => {
                            toggle(id);
                          }}
                        />{' '}
                        <strong>{measure.title}</strong>{' '}
                        <span className={`status status-${finding.status}`}>
                          {STATUS_TEXT[finding.status]}
                        </span>
                      </label>
                      <p className="builder-sentence">{finding.sentence}</p>
                      <p className="builder-scope">{finding.scope}</p>
                      {on && (
                        <span className="builder-move">
                          <button
                            type="button"
                            aria-label={`Move ${measure.title} up`}
                            onClick={() => {
                              move(id, -1);
                            }}
                          >
                            ↑
                          </button>
                          <button
                            type="button"
                            aria-label={`Move ${measure.title} down`}
                            onClick={() => {
                              move(id, 1);
                            }}
                          >
                            ↓
                          </button>
                        </span>
                      )}
                    </li>
                  );
                })}
              </ol>
              {notMeasured.length > 0 && (
                <section aria-labelledby="not-measured-title">
                  <h3 id="not-measured-title" className="builder-subhead">
                    Not measured in this extract
                  </h3>
                  <ul className="builder-list not-measured">
                    {notMeasured.map(({ measure, needs }) => (
                      <li key={measure.id}>
                        <strong>{measure.title}</strong>{' '}
                        <span className="builder-sentence">{needs}.</span>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              <footer className="dialog-foot">
                <span className="muted">
                  {slides.length} slides. Arrows move, Esc leaves, “Print / PDF” gives one slide per
                  page.
                </span>
                <button
                  ref={startButton}
                  type="button"
                  className="button"
                  onClick={() => {
                    setPresenting(true);
                    dialog.current?.requestFullscreen().catch(() => {
                      // Full screen is a nicety; the slides fill the window without it.
                    });
                  }}
                >
                  Start presentation
                </button>
              </footer>
            </>
          )}
        </div>
      )}
      {/* Ctrl+P in the builder prints the chosen slides, one per landscape page. */}
      {!presenting && printing && ready && (
        <div className="deck-print">
          <SlidePages slides={slides} provenance={provenance} current={-1} />
        </div>
      )}
    </dialog>
  );
}
