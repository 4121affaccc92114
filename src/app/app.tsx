import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DbProvider } from '../queries/db-context';
import { engineQuery } from '../queries/engine';
import { ExtractProvider } from '../queries/extract';
import { Dashboard } from './dashboard';
import { fetchSampleExtract } from './sample-data';

function Engine() {
  const engine = useQuery(engineQuery);
  // The sample's files and prepared tables are fetched while the database starts: the page
  // opens on the sample unless an extract is kept on this computer.
  useState(() => {
    fetchSampleExtract().catch(() => undefined);
  });
  if (engine.isError) {
    return (
      <div className="boot" data-status="error" role="alert">
        <h1>Linkages Evaluation Dashboard</h1>
        <p>The in-browser database could not start: {engine.error.message}</p>
        <p>Use a current version of Chrome, Edge or Firefox. Nothing was sent anywhere.</p>
      </div>
    );
  }
  if (!engine.data) {
    return (
      <div className="boot" data-status="loading" aria-busy="true">
        <h1>Linkages Evaluation Dashboard</h1>
        <p>Starting the database on this computer…</p>
      </div>
    );
  }
  return (
    <DbProvider db={engine.data}>
      <ExtractProvider sample={fetchSampleExtract}>
        <Dashboard />
      </ExtractProvider>
    </DbProvider>
  );
}

export function App() {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { refetchOnWindowFocus: false, retry: false } },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <Engine />
    </QueryClientProvider>
  );
}
