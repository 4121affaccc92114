import { createContext, useContext, type ReactNode } from 'react';
import type { Provenance } from '../measures/provenance';

/**
 * The provenance of the view on screen (measures/provenance.ts `provenanceOf`), given once by the
 * dashboard to everything that writes an output: chart images and CSVs, exports, printed pages.
 */
const ProvenanceContext = createContext<Provenance | null>(null);

/** Gives the view's provenance to what it wraps (null while no extract is loaded). */
export function ProvenanceProvider({
  provenance,
  children,
}: {
  provenance: Provenance | null;
  children: ReactNode;
}) {
  return <ProvenanceContext value={provenance}>{children}</ProvenanceContext>;
}

/** The view's provenance; throws outside a ProvenanceProvider (an output must say its source). */
export function useProvenance(): Provenance {
  const provenance = useContext(ProvenanceContext);
  if (!provenance) throw new Error('useProvenance is used outside a ProvenanceProvider');
  return provenance;
}

/** A CSS string literal: `"…"` with backslashes and quotes escaped. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r]/g, ' ')}"`;
}

/**
 * Every printed page's footer, in the page's bottom margin: the provenance line on the left, the
 * page number on the right (CSS page-margin boxes, drawn by Chromium since version 131; they never
 * overlap the page's content, unlike a fixed-position footer). Slides print on their own named
 * page without margins and carry their own footer.
 */
export function PrintedProvenance() {
  const { line } = useProvenance();
  const css =
    `@page { margin-bottom: 0.7in; ` +
    `@bottom-left { content: ${cssString(line)}; font: 7.5pt/1.3 Arial, sans-serif; color: #333; ` +
    `vertical-align: top; padding-top: 0.12in; width: 85%; } ` +
    `@bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7.5pt Arial, sans-serif; ` +
    `color: #333; vertical-align: top; padding-top: 0.12in; } } ` +
    `@page slide { @bottom-left { content: none; } @bottom-right { content: none; } }`;
  return <style data-provenance-print>{css}</style>;
}
