import { useMutation } from '@tanstack/react-query';
import { catalogToCsv } from '../measures/baseline-csv';
import { runCatalog, validationSummary, type MeasuresJson } from '../measures/run-catalog';
import type { ByKey, MeasureFilters, Period } from '../measures/types';
import { useDb } from './db-context';
import type { LoadedExtract } from './extract';

export interface MeasuresExport {
  json: MeasuresJson;
  csv: string;
}

/**
 * Every measure of the loaded extract and the groups at baseline, as the command line prints
 * them with `--baseline`: always suppressed.
 */
export function useExportMeasures(
  extract: LoadedExtract,
  onReady: (result: MeasuresExport) => void,
) {
  const db = useDb();
  return useMutation({
    mutationFn: async ({
      by,
      period,
      filters,
    }: {
      by: ByKey[];
      period: Period;
      filters: MeasureFilters;
    }): Promise<MeasuresExport> => {
      const json = await runCatalog(
        db,
        {
          dataThrough: extract.report.dataThrough ?? '',
          by,
          period,
          filters,
          suppress: true,
          baseline: true,
          validation: validationSummary(extract.report),
        },
        undefined,
        extract.members,
      );
      return { json, csv: catalogToCsv(json) };
    },
    onSuccess: onReady,
  });
}
