import { queryOptions } from '@tanstack/react-query';
import type { DbClient } from '../db/client';
import { createWasmDb } from '../db/wasm-client';

let started: Promise<DbClient> | null = null;

/**
 * The in-browser DuckDB, started once per page (createWasmDb; rejects as it does). The page asks
 * for it before anything else (app/boot.ts), so that its worker and wasm load while the rest of
 * the page's script runs and first renders.
 */
export function startEngine(): Promise<DbClient> {
  started ??= createWasmDb();
  return started;
}

/** The in-browser DuckDB, started once per page. */
export const engineQuery = queryOptions({
  queryKey: ['engine'],
  queryFn: startEngine,
  staleTime: Infinity,
  gcTime: Infinity,
  retry: false,
});
