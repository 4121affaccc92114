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
        <span>
          {i + 1} / {slides.length}
        </span>
      </footer>
    </section>
  ));
}

/**
 * Full-screen slides: arrows, Page Up/Down and space move, Home/End jump, Esc leaves. Every slide
 * is in the page so that printing gives one slide per landscape page.
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
      className="deck"
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
