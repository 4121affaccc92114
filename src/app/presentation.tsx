import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { availability, CATALOG, measuresShown, REACH_MEASURE } from '../measures/catalog';
import { findEarlyWins, type MeasureEvidence } from '../measures/early-wins';
import type { MeasureFilters, Period } from '../measures/types';
import { provenanceOf } from '../measures/provenance';
import { baselineQuery } from '../queries/baseline';
import { useDb } from '../queries/db-context';
import { dataSourceOf, type LoadedExtract } from '../queries/extract';
import { extractContentsQuery } from '../queries/extract-contents';
import { headlineQuery, measureQuery } from '../queries/measures';
import { formatDate } from '../ui/format';
import { usePrintState } from '../ui/print-report';
import { SlideDeck, SlidePages, type Slide } from '../ui/slide-deck';
import {
  baselineSlideOf,
  measureSlideOf,
  notYetSlideOf,
  STATUS_TEXT,
  summarySlideOf,
  type MeasureOnSlides,
  type SlideModel,
} from '../ui/slide-model';
import { SlideView } from '../ui/slide-view';

/** Measure slides chosen by default: the strongest wins, beside the summary and "not yet". */
const DEFAULT_MEASURE_SLIDES = 3;

/** The slides offered besides one per measure, with what the builder says of each. */
const EXTRA_SLIDES = {
  summary: {
    title: 'Every measure at a glance',
    note: 'Each measure’s status, members per group (n) and which direction is better.',
  },
  'not-yet': {
    title: 'Not yet, or no clear difference',
    note: 'The measures where Linkages is not shown ahead (yet), and those not measured, with why.',
  },
  baseline: {
    title: 'Groups at baseline',
    note: 'Were Linkages and comparison families alike at the start? Each characteristic’s largest gap, least comparable first.',
  },
} as const;
type ExtraSlide = keyof typeof EXTRA_SLIDES;
const isExtra = (id: string): id is ExtraSlide => id in EXTRA_SLIDES;

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
  const baseline = useQuery(baselineQuery(db, extract, view));

  const ready =
    contents.data &&
    pooled.concat(byCohort).every((q) => q.data) &&
    byCounty.data &&
    // The baseline slide is offered once its query answers (not at all if it fails).
    (baseline.data ?? baseline.isError);
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

  const onSlides: MeasureOnSlides[] = findings.flatMap((finding) => {
    const index = measures.findIndex((m) => m.id === finding.measureId);
    const measure = measures[index];
    const result = pooled[index]?.data;
    return measure && result ? [{ measure, result, finding }] : [];
  });

  // By default about five slides after the title: the summary, the three strongest wins (process
  // measures first, as findEarlyWins orders them; reach is on the summary) and "not yet" when any
  // measure is not ahead. The baseline and every other measure are offered.
  const notYet = notYetSlideOf(onSlides, notMeasured);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const order = chosen ?? [
    'summary',
    ...findings
      .filter((f) => f.status === 'win')
      .slice(0, DEFAULT_MEASURE_SLIDES)
      .map((f) => f.measureId),
    ...(notYet.rows.length > 0 ? ['not-yet'] : []),
  ];
  const offered: string[] = [
    'summary',
    ...findings.map((f) => f.measureId),
    'not-yet',
    ...(baseline.data ? ['baseline'] : []),
  ];
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

  const models: SlideModel[] = [
    { kind: 'title', id: 'title', title, place, date },
    ...order.flatMap((id): SlideModel[] => {
      if (id === 'summary') return [summarySlideOf(onSlides, notMeasured)];
      if (id === 'not-yet') return [notYet];
      if (id === 'baseline') return baseline.data ? [baselineSlideOf(baseline.data)] : [];
      const on = onSlides.find((m) => m.measure.id === id);
      return on ? [measureSlideOf(on.measure, on.result, on.finding)] : [];
    }),
  ];
  const slides: Slide[] = models.map((model) => ({
    id: model.id,
    content: <SlideView slide={model} />,
  }));
  const [pptx, setPptx] = useState<'idle' | 'building' | 'failed'>('idle');
  const downloadPptx = () => {
    setPptx('building');
    import('../ui/deck-pptx')
      .then(({ downloadDeckPptx }) =>
        downloadDeckPptx(models, provenance, `${fileStem(title)}.pptx`),
      )
      .then(
        () => {
          setPptx('idle');
        },
        () => {
          setPptx('failed');
        },
      );
  };

  return (
    <dialog
      ref={dialog}
      className="presentation"
      aria-labelledby={presenting ? undefined : 'builder-title'}
      aria-label={presenting ? 'Presentation' : undefined}
      onKeyDown={(event) => {
        // Tab wraps within the dialog: from its last control to its first, and back with Shift
        // (a modal dialog alone lets focus leave for the browser's own controls).
        if (event.key !== 'Tab') return;
        const tabbable = [
          ...event.currentTarget.querySelectorAll<HTMLElement>(
            'button:not([disabled]), input:not([disabled]), [href], [tabindex="0"]',
          ),
        ].filter((element) => element.getClientRects().length > 0);
        const first = tabbable[0];
        const last = tabbable.at(-1);
        if (!first || !last) return;
        if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        } else if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        }
      }}
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
                {[...order, ...offered.filter((id) => !order.includes(id))].map((id) => {
                  const finding = findings.find((f) => f.measureId === id);
                  const measure = measures.find((m) => m.id === id);
                  const title = isExtra(id) ? EXTRA_SLIDES[id].title : (measure?.title ?? id);
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
                        <strong>{title}</strong>{' '}
                        {finding && (
                          <span className={`status status-${finding.status}`}>
                            {STATUS_TEXT[finding.status]}
                          </span>
                        )}
                      </label>
                      {isExtra(id) ? (
                        <p className="builder-note">{EXTRA_SLIDES[id].note}</p>
                      ) : (
                        finding && (
                          <>
                            <p className="builder-sentence">{finding.sentence}</p>
                            <p className="builder-scope">{finding.scope}</p>
                          </>
                        )
                      )}
                      {on && (
                        <span className="builder-move">
                          <button
                            type="button"
                            aria-label={`Move ${title} up`}
                            onClick={() => {
                              move(id, -1);
                            }}
                          >
                            ↑
                          </button>
                          <button
                            type="button"
                            aria-label={`Move ${title} down`}
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
                  page; the PowerPoint file has the same slides, its charts editable.
                </span>
                {pptx === 'failed' && (
                  <span role="alert" className="builder-error">
                    The PowerPoint file could not be built.
                  </span>
                )}
                <button
                  type="button"
                  className="button secondary"
                  onClick={downloadPptx}
                  disabled={pptx === 'building'}
                >
                  {pptx === 'building' ? 'Building PowerPoint…' : 'Download as PowerPoint'}
                </button>
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

/** A file name from the deck's title: "Linkages early wins" → "linkages-early-wins". */
function fileStem(title: string): string {
  const stem = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return stem === '' ? 'linkages-slides' : stem;
}
