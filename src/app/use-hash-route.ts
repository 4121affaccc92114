import { useEffect, useState } from 'react';

export type Route = 'overview' | 'data';
const ROUTES: readonly Route[] = ['overview', 'data'];

function readRoute(): Route {
  const name = window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return ROUTES.find((r) => r === name) ?? 'overview';
}

/** The page lives in the URL hash (view only, never data), so a link reopens the same page. */
export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const onChange = () => {
      setRoute(readRoute());
    };
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
    };
  }, []);
  return [route, (next) => (window.location.hash = `#/${next}`)];
}
