import 'reflect-metadata';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';

export interface DataSourceOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  poolSize?: number;
  applicationName?: string;
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
    extra: { idleTimeoutMillis: 30_000 },
  });
}
