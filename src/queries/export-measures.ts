import { useMutation } from '@tanstack/react-query';
import {
  measuresJsonToCsv,
  runCatalog,
  validationSummary,
  type MeasuresJson,
} from '../measures/run-catalog';
import type { ByKey, Period } from '../measures/types';
import { useDb } from './db-context';
import type { LoadedExtract } from './extract';

export interface MeasuresExport {
  json: MeasuresJson;
  csv: string;
}

/** Every measure of the loaded extract, as the command line prints it: always suppressed. */
export function useExportMeasures(
  extract: LoadedExtract,
  onReady: (result: MeasuresExport) => void,
) {
  const db = useDb();
  return useMutation({
    mutationFn: async ({
      by,
      period,
    }: {
      by: ByKey[];
      period: Period;
    }): Promise<MeasuresExport> => {
      const json = await runCatalog(db, {
        dataThrough: extract.report.dataThrough ?? '',
        by,
        period,
        suppress: true,
        validation: validationSummary(extract.report),
      });
      return { json, csv: measuresJsonToCsv(json) };
    },
    onSuccess: onReady,
  });
}
