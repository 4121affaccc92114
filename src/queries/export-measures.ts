import { useMutation } from '@tanstack/react-query';
import { catalogToCsv } from '../measures/baseline-csv';
import { runCatalog, validationSummary, type MeasuresJson } from '../measures/run-catalog';
import type { ByKey, MeasureFilters, Period } from '../measures/types';
import { useDb } from './db-context';
import { dataSourceOf, type LoadedExtract } from './extract';

export interface MeasuresExport {
  json: MeasuresJson;
  csv: string;
}

/**
 * Every measure of the loaded extract and the groups at baseline, as the command line prints
 * them with `--baseline`: always suppressed, under the extract's provenance (JSON `provenance`,
 * the CSV's `# ` lines).
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
          source: dataSourceOf(extract),
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
