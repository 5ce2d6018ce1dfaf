/** Placement imports: the public API of libs/accounts/src/import (re-exported by the lib's index). */
export {
  PlacementImporter,
  IMPORT_ROLES,
  type PlacementImporterOptions,
  type PlacementImportRequest,
  type PlacementImportResult,
  type PlacementImportStatus,
  type QueuePlacementImportRequest,
  type QueuedImportAttempt,
} from './importer.js';
export { formatOf, MalformedFileError, type PlacementFileFormat } from './sources.js';
export { xlsxExpansionProblem, XLSX_LIMITS, type XlsxLimits, type XlsxProblem } from './xlsx-guard.js';
export { PLACEMENT_FIELDS, REQUIRED_FIELDS, DEFAULT_HEADERS, FIELD_DESCRIPTIONS, resolveHeaders, normaliseHeader, validateMapping, type PlacementField, type ColumnMapping as PlacementColumnMapping } from './fields.js';
export { validateRow, type PlacementRow as ValidatedPlacementRow, type Rejection as PlacementRowRejection } from './validate-row.js';
export { PlacementImportService, IMPORT_VIEW_ROLES } from './import.service.js';
export { PlacementImport, PlacementRejection, ColumnMapping, IMPORT_NODE_TYPES, type PlacementImportRow } from './import.types.js';
export { importResolvers, importNodeResolvers, loadPlacementImport, PlacementImportResolver, ColumnMappingResolver } from './import.resolver.js';
export { streamRejectionsCsv } from './rejections-csv.js';
