import { useMemo, useSyncExternalStore } from 'react';
import type { MeasureFilters, Period } from '../measures/types';
import { DEFAULT_PERIOD, PERIODS, PERIOD_NOUN, parseCohort } from '../measures/cohorts';
import { formatCohort } from '../ui/format';

export type Route = 'overview' | 'data' | 'measure' | 'baseline';
const ROUTES: readonly Route[] = ['overview', 'data', 'measure', 'baseline'];

/**
 * The page and view settings live in the URL hash (view only, never data): a link reopens the
 * view once the same extract is loaded. `#/measure/coordination-30d?period=half&counties=Fresno,Yolo
 * &units=FRE-West&from=2023H1&to=2024H2`.
 */
export interface Location {
  route: Route;
  /** The measure page's measure id. */
  measure: string | null;
  period: Period;
  counties: string[];
  units: string[];
  /** Cohort labels, inclusive. */
  from: string | null;
  to: string | null;
  /**
   * A note of the measure page to bring into view once it is drawn (`note=masked`: why rows may
   * read "masked", from a masked card's link); not part of the view (viewOf), and dropped by the
   * next navigation.
   */
  note?: 'masked';
}

function readList(params: URLSearchParams, name: string): string[] {
  const value = params.get(name);
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
}

function readCohort(params: URLSearchParams, name: string): string | null {
  const value = params.get(name)?.trim() ?? '';
  return parseCohort(value) ? value : null;
}

export function parseLocation(hash: string): Location {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [route = '', measure = ''] = path.split('/').map((part) => decodeURIComponent(part));
  const params = new URLSearchParams(query);
  const known = ROUTES.find((r) => r === route) ?? 'overview';
  return {
    route: known === 'measure' && measure === '' ? 'overview' : known,
    measure: known === 'measure' && measure !== '' ? measure : null,
    period: PERIODS.find((p) => p === params.get('period')) ?? DEFAULT_PERIOD,
    counties: readList(params, 'counties'),
    units: readList(params, 'units'),
    from: readCohort(params, 'from'),
    to: readCohort(params, 'to'),
    ...(params.get('note') === 'masked' ? { note: 'masked' as const } : {}),
  };
}

/** Commas separate list items and stay readable; everything else is percent-encoded. */
function encodeParam(value: string): string {
  return encodeURIComponent(value).replace(/%2C/g, ',');
}

export function hrefFor(location: Location): string {
  const params: [string, string][] = [];
  if (location.period !== DEFAULT_PERIOD) params.push(['period', location.period]);
  if (location.counties.length > 0) params.push(['counties', location.counties.join(',')]);
  if (location.units.length > 0) params.push(['units', location.units.join(',')]);
  if (location.from) params.push(['from', location.from]);
  if (location.to) params.push(['to', location.to]);
  if (location.note) params.push(['note', location.note]);
  const query = params.map(([name, value]) => `${name}=${encodeParam(value)}`).join('&');
  const path =
    location.route === 'measure' && location.measure
      ? `measure/${encodeURIComponent(location.measure)}`
      : location.route;
  return `#/${path}${query ? `?${query}` : ''}`;
}

/** The view a location shows (its href without a note to bring into view): `measure/x?period=half`. */
export function viewOf(location: Location): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- not part of the view
  const { note: _note, ...view } = location;
  return hrefFor(view).replace(/^#\//, '');
}

/** The filters of a location, as the measures engine takes them. */
export function filtersOf(location: Location): MeasureFilters {
  const filters: MeasureFilters = {};
  if (location.counties.length > 0) filters.counties = location.counties;
  if (location.units.length > 0) filters.units = location.units;
  if (location.from) filters.cohortFrom = location.from;
  if (location.to) filters.cohortTo = location.to;
  return filters;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('hashchange', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('hashchange', listener);
  };
}

const readHash = () => window.location.hash;

export function useHashRoute(): [Location, (change: Partial<Location>) => void] {
  const hash = useSyncExternalStore(subscribe, readHash);
  const location = useMemo(() => parseLocation(hash), [hash]);
  return [location, navigate];
}

/**
 * One function for every render, so memoized components given it are not drawn again. The page
 * follows the new hash at once, inside the event that changed it (`hashchange` comes later): a
 * checkbox drawn from the URL shows its new state as soon as it is clicked.
 */
function navigate(change: Partial<Location>): void {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a note is brought into view once
  const { note: _shown, ...current } = parseLocation(window.location.hash);
  window.location.hash = hrefFor({ ...current, ...change });
  for (const listener of listeners) listener();
}

/** The measure the Measures tab opens first. */
export const DEFAULT_MEASURE = 'coordination-30d';

/** The filters in words, for the page and the printed report. */
export function filterText(location: Location): string {
  const parts = [
    location.counties.length > 0 ? `counties ${location.counties.join(', ')}` : 'all counties',
    location.units.length > 0 ? `units ${location.units.join(', ')}` : 'all units',
    `cohorts ${location.from ? formatCohort(location.from) : 'first'} to ${location.to ? formatCohort(location.to) : 'latest'}`,
    `by ${PERIOD_NOUN[location.period]}`,
  ];
  return parts.join('; ');
}
