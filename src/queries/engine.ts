import { queryOptions } from '@tanstack/react-query';
import { createWasmDb } from '../db/wasm-client';

/** The in-browser DuckDB, started once per page. */
export const engineQuery = queryOptions({
  queryKey: ['engine'],
  queryFn: () => createWasmDb(),
  staleTime: Infinity,
  gcTime: Infinity,
  retry: false,
});
