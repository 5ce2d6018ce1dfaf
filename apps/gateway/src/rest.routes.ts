import type { Express } from 'express';
import type { Config } from '@arrears/config';
import type { RequestContext } from '@arrears/tenancy';
import type { Logger } from './logger.js';
import type { GatewayDeps } from './schema.js';

export interface RestRouteDeps {
  config: Config;
  log: Logger;
  deps: GatewayDeps;
  openContext(authorization: string | undefined, requestId: string): Promise<RequestContext>;
}

/** File endpoints that do not fit GraphQL (uploads and downloads); filled in by the accounts issue. */
export function mountRestRoutes(_app: Express, _d: RestRouteDeps): void {}
