import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

export interface Slide {
  id: string;
  content: ReactNode;
}

/** The slides as sections, one shown (`current`; -1 for none: the copy that only prints). */
export function SlidePages({
  slides,
  provenance,
  current,
}: {
  slides: Slide[];
  /** The provenance line (provenanceOf(...).line): source, data-through date, view, suppression. */
  provenance: string;
  current: number;
}) {
  return slides.map((slide, i) => (
    <section
      key={slide.id}
      className={`slide${i === current ? ' current' : ''}`}
      aria-roledescription="slide"
      aria-label={`Slide ${i + 1} of ${slides.length}`}
      aria-hidden={i !== current}
    >
      {slide.content}
      <footer className="slide-foot">
        <span className="slide-provenance">{provenance}</span>
        <span className="slide-page">
          {i + 1} / {slides.length}
        </span>
      </footer>
    </section>
  ));
}

/** The controls hide after this long without a mouse move, key or focus change. */
const IDLE_MS = 2500;

/** True once nothing has moved for `ms`; a mouse move, key, touch or focus change resets it. */
function useIdle(ms: number): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let timer = window.setTimeout(() => {
      setIdle(true);
    }, ms);
    const wake = () => {
      setIdle(false);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        setIdle(true);
      }, ms);
    };
    const events = ['mousemove', 'mousedown', 'keydown', 'focusin', 'touchstart'] as const;
    for (const event of events) window.addEventListener(event, wake);
    return () => {
      window.clearTimeout(timer);
      for (const event of events) window.removeEventListener(event, wake);
    };
  }, [ms]);
  return idle;
}

/**
 * Full-screen slides: arrows, Page Up/Down and space move, Home/End jump, Esc leaves. Every slide
 * is in the page so that printing gives one slide per landscape page. The controls fade out when
 * idle and come back on a mouse move, a key or focus (they stay in the tab order throughout).
 */
export function SlideDeck({
  slides,
  provenance,
  onExit,
}: {
  slides: Slide[];
  provenance: string;
  onExit: () => void;
}) {
  const [index, setIndex] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  const idle = useIdle(IDLE_MS);
  const last = slides.length - 1;
  const go = useCallback(
    (next: number) => {
      setIndex(Math.max(0, Math.min(last, next)));
    },
    [last],
  );

  useEffect(() => {
    ref.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      const moves: Record<string, () => void> = {
        ArrowRight: () => {
          go(index + 1);
        },
        ArrowDown: () => {
          go(index + 1);
        },
        PageDown: () => {
          go(index + 1);
        },
        ' ': () => {
          go(index + 1);
        },
        ArrowLeft: () => {
          go(index - 1);
        },
        ArrowUp: () => {
          go(index - 1);
        },
        PageUp: () => {
          go(index - 1);
        },
        Home: () => {
          go(0);
        },
        End: () => {
          go(last);
        },
        Escape: onExit,
      };
      const move = moves[event.key];
      if (move) {
        event.preventDefault();
        move();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [index, last, go, onExit]);

  return (
    <div
      className={`deck${idle ? ' idle' : ''}`}
      ref={ref}
      tabIndex={-1}
      role="region"
      aria-roledescription="slide deck"
      aria-label="Presentation"
    >
      <SlidePages slides={slides} provenance={provenance} current={index} />
      <nav className="deck-controls" aria-label="Slide controls">
        <button
          type="button"
          onClick={() => {
            go(index - 1);
          }}
          disabled={index === 0}
          aria-label="Previous slide"
        >
          ‹
        </button>
        <span aria-live="polite">
          {index + 1} / {slides.length}
        </span>
        <button
          type="button"
          onClick={() => {
            go(index + 1);
          }}
          disabled={index === last}
          aria-label="Next slide"
        >
          ›
        </button>
        <button
          type="button"
          onClick={() => {
            window.print();
          }}
        >
          Print / PDF
        </button>
        <button type="button" onClick={onExit}>
          Exit (Esc)
        </button>
      </nav>
    </div>
  );
}
