export type * from './types';
export { CATALOG, availableMeasures, findMeasure } from './catalog';
export { runMeasure } from './run-measure';
export { runCatalog, measuresJsonToCsv } from './run-catalog';
export type {
  CatalogRequest,
  MeasuresJson,
  TableValidation,
  ValidationSummary,
} from './run-catalog';
export {
  complementaryMask,
  isRateMasked,
  isSmallCount,
  maskCount,
  suppressResult,
} from './suppression';
export { cohortLabel, cohortRange } from './scope';
