import { useMutation } from '@tanstack/react-query';
import type { TableName } from '../dataset/schema';
import { rejectedRowsCsv } from '../dataset/load-extract';
import { useDb } from './db-context';

/** The rejected rows of one file as CSV, with a reason column, for the evaluator to fix and reload. */
export function useRejectedRows(onReady: (table: TableName, csv: string) => void) {
  const db = useDb();
  return useMutation({
    mutationFn: async (table: TableName) => ({ table, csv: await rejectedRowsCsv(db, table) }),
    onSuccess: ({ table, csv }) => {
      onReady(table, csv);
    },
  });
}
