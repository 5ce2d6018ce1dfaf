import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MaxLength, MinLength } from 'class-validator';
import { ConnectionType, DateTimeScalar, Node, toGlobalId } from '@arrears/graphql';
import { PLATFORM_NODE_TYPES } from '@arrears/platform';
import { ACCOUNT_NODE_TYPES } from '../account/account.types.js';
import { RefusalParam } from '../refusal.types.js';
import { rejectionCode, rejectionMessage } from './rejection-reasons.js';
import { FIELD_DESCRIPTIONS, PLACEMENT_FIELDS, REQUIRED_FIELDS, type PlacementField } from './fields.js';

export const IMPORT_NODE_TYPES = { placementImport: 'PlacementImport', placement: ACCOUNT_NODE_TYPES.placement } as const;

export enum PlacementImportStatusValue {
  QUEUED = 'queued',
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}
registerEnumType(PlacementImportStatusValue, { name: 'PlacementImportStatus' });

export enum PlacementFileFormatValue {
  CSV = 'csv',
  XLSX = 'xlsx',
}
registerEnumType(PlacementFileFormatValue, { name: 'PlacementFileFormat' });

/** The canonical placement fields as a GraphQL enum (values are the field names). */
export const PlacementFieldValue = Object.fromEntries(PLACEMENT_FIELDS.map((f) => [f, f])) as { [K in PlacementField]: K };
registerEnumType(PlacementFieldValue, {
  name: 'PlacementField',
  description: 'A field of a placement file as Arrears knows it',
  valuesConfig: Object.fromEntries(PLACEMENT_FIELDS.map((f) => [f, { description: FIELD_DESCRIPTIONS[f] }])),
});

export interface PlacementImportRow {
  id: string;
  client_id: string;
  placement_id: string | null;
  file_name: string;
  format: 'csv' | 'xlsx';
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  rows_read: number;
  rows_staged: number;
  rows_imported: number;
  rows_updated: number;
  rows_rejected: number;
  identity_matches: { document: number; name_mobile: number; none: number; legacyIdsConverted: number } | null;
  error: string | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface PlacementRejectionRow {
  row_number: number;
  seq: number;
  column_name: string | null;
  reason: string;
  value: string | null;
}

@ObjectType({ description: 'Why one row of a placement file was not imported' })
export class PlacementRejection {
  @Field(() => Int, { description: 'Row number in the file (the header is row 1)' })
  row: number;

  @Field(() => String, { nullable: true, description: "The bank's header text of the column" })
  column: string | null;

  @Field(() => String)
  reason: string;

  @Field(() => String, { nullable: true, description: 'The offending value; card numbers and national ids masked' })
  value: string | null;

  @Field(() => String, { description: 'Stable code of the reason (REQUIRED, NATIONAL_ID_CHECK_DIGIT, …)' })
  code: string;

  @Field(() => [RefusalParam], { description: 'The parameters of the reason (column, dates, limits)' })
  params: RefusalParam[];

  @Field(() => String, { description: 'The reason in Chinese (zh-CN); `reason` is the English text' })
  reasonZh: string;

  static fromRow(r: PlacementRejectionRow): PlacementRejection {
    const coded = rejectionCode(r.reason, r.column_name);
    return Object.assign(new PlacementRejection(), {
      row: r.row_number,
      column: r.column_name,
      reason: r.reason,
      value: r.value,
      code: coded.code,
      params: Object.entries(coded.params).map(([name, value]) => ({ name, value })),
      reasonZh: rejectionMessage(r.reason, r.column_name, 'zh-CN'),
    });
  }
}

@ObjectType()
export class PlacementRejectionConnection extends ConnectionType(PlacementRejection) {}

@ObjectType({ description: 'How the rows of an import were tied to a person, in the matching order' })
export class IdentityMatches {
  @Field(() => Int, { description: 'By identity document (PRC id, Hong Kong/Macau or Taiwan permit, passport)' })
  byDocument: number;

  @Field(() => Int, { description: 'By name and mobile phone: a weak match, kept inside the bank' })
  byNameAndMobile: number;

  @Field(() => Int, { description: 'Neither: the row is a person of its own' })
  unmatched: number;

  @Field(() => Int, { description: '15-digit legacy ids converted to 18 digits' })
  legacyIdsConverted: number;
}

@ObjectType({ implements: Node, description: 'A placement file being or having been imported' })
export class PlacementImport extends Node {
  @Field(() => String)
  fileName: string;

  @Field(() => PlacementFileFormatValue)
  format: PlacementFileFormatValue;

  @Field(() => PlacementImportStatusValue)
  status: PlacementImportStatusValue;

  @Field(() => Int, { description: 'Data rows read so far (updated while the import runs)' })
  rowsRead: number;

  @Field(() => Int, { description: 'Rows that passed validation and are staged in the running import (not yet committed)' })
  rowsStaged: number;

  @Field(() => Int, { description: 'New accounts (counted once the import has committed; 0 while it runs)' })
  rowsImported: number;

  @Field(() => Int, { description: 'Accounts re-placed (same bank reference): updated, never duplicated' })
  rowsUpdated: number;

  @Field(() => Int)
  rowsRejected: number;

  @Field(() => IdentityMatches, { nullable: true, description: 'How the imported rows were tied to a person (null until the import succeeded)' })
  identityMatches: IdentityMatches | null;

  @Field(() => String, { nullable: true, description: 'Why the whole file failed (nothing was imported)' })
  error: string | null;

  @Field(() => String, { nullable: true, description: 'Opaque id of the Placement created by this import' })
  placementId: string | null;

  @Field(() => String, { description: 'Where to download the rejected rows as CSV (GET with the Bearer token)' })
  rejectionsCsvUrl: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  startedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt: Date | null;

  dbId: string;
  clientDbId: string;
  createdByDbId: string;

  static fromRow(r: PlacementImportRow): PlacementImport {
    const id = toGlobalId(IMPORT_NODE_TYPES.placementImport, r.id);
    return Object.assign(new PlacementImport(), {
      id,
      dbId: r.id,
      clientDbId: r.client_id,
      createdByDbId: r.created_by,
      fileName: r.file_name,
      format: r.format as PlacementFileFormatValue,
      status: r.status as PlacementImportStatusValue,
      rowsRead: r.rows_read,
      rowsStaged: r.rows_staged,
      rowsImported: r.rows_imported,
      rowsUpdated: r.rows_updated,
      rowsRejected: r.rows_rejected,
      identityMatches: r.identity_matches ? Object.assign(new IdentityMatches(), { byDocument: r.identity_matches.document, byNameAndMobile: r.identity_matches.name_mobile, unmatched: r.identity_matches.none, legacyIdsConverted: r.identity_matches.legacyIdsConverted }) : null,
      error: r.error,
      placementId: r.placement_id ? toGlobalId(IMPORT_NODE_TYPES.placement, r.placement_id) : null,
      rejectionsCsvUrl: `/api/placement-imports/${encodeURIComponent(id)}/rejections.csv`,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    });
  }
}

@ObjectType()
export class PlacementImportConnection extends ConnectionType(PlacementImport) {}

@ObjectType({ description: 'One Arrears field and the header text of the bank column that holds it' })
export class ColumnMappingEntry {
  @Field(() => PlacementFieldValue)
  field: PlacementField;

  @Field(() => String, { description: "The bank's header text" })
  header: string;

  @Field(() => Boolean)
  required: boolean;
}

@ObjectType({ description: "How a bank's placement files name their columns" })
export class ColumnMapping {
  @Field(() => [ColumnMappingEntry], { description: 'The saved entries; fields not named here are matched by the default header table' })
  entries: ColumnMappingEntry[];

  @Field(() => Boolean, { description: 'True when nothing is saved and the default header table applies' })
  isDefault: boolean;

  @Field(() => DateTimeScalar, { nullable: true })
  updatedAt: Date | null;

  clientDbId: string;

  static of(clientDbId: string, mapping: Record<string, string> | null, updatedAt: Date | null): ColumnMapping {
    const entries = PLACEMENT_FIELDS.filter((f) => mapping?.[f]).map((f) =>
      Object.assign(new ColumnMappingEntry(), { field: f, header: mapping![f], required: REQUIRED_FIELDS.includes(f) }),
    );
    return Object.assign(new ColumnMapping(), { clientDbId, entries, isDefault: !mapping, updatedAt });
  }
}

@InputType()
export class ColumnMappingEntryInput {
  @Field(() => PlacementFieldValue)
  field: PlacementField;

  @Field(() => String, { description: "The bank's header text for this field" })
  @MinLength(1)
  @MaxLength(200)
  header: string;
}

export const CLIENT_NODE_TYPE = PLATFORM_NODE_TYPES.client;
