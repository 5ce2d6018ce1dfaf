import 'reflect-metadata';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { PreparingClient } from './prepared-statements.js';

export interface DataSourceOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  poolSize?: number;
  applicationName?: string;
  /**
   * Run single statements as prepared statements (PreparingClient): for the gateway's requests, short
   * statements repeated thousands of times. Off by default: jobs, imports and migrations run long
   * statements a few times each, whose best plan depends on the batch, and gain nothing from a kept one.
   */
  preparedStatements?: boolean;
}

/** A TypeORM data source; schema changes only ever come from migrations. */
export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    entities: opts.entities ?? [],
    synchronize: false,
    migrationsRun: false,
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? 'arrears',
    extra: { idleTimeoutMillis: 30_000, ...(opts.preparedStatements ? { Client: PreparingClient } : {}) },
  });
}
