import { useEffect, useState } from 'react';
import type { Period } from '../measures/types';

export type Route = 'overview' | 'data';
const ROUTES: readonly Route[] = ['overview', 'data'];
const PERIODS: readonly Period[] = ['quarter', 'half', 'year'];

/** The page and view settings live in the URL hash (view only, never data): a link reopens the view. */
export interface Location {
  route: Route;
  period: Period;
}

function readLocation(): Location {
  const [path = '', query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query);
  return {
    route: ROUTES.find((r) => r === path) ?? 'overview',
    period: PERIODS.find((p) => p === params.get('period')) ?? 'quarter',
  };
}

function writeLocation(location: Location): string {
  const params = new URLSearchParams();
  if (location.period !== 'quarter') params.set('period', location.period);
  const query = params.toString();
  return `#/${location.route}${query ? `?${query}` : ''}`;
}

export function hrefFor(location: Location): string {
  return writeLocation(location);
}

export function useHashRoute(): [Location, (change: Partial<Location>) => void] {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const onChange = () => {
      setLocation(readLocation());
    };
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);
  return [
    location,
    (change) => {
      window.location.hash = writeLocation({ ...readLocation(), ...change });
    },
  ];
}
