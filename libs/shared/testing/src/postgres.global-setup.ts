// One embedded Postgres per vitest run: roles bootstrapped and a migrated template database, so each
// test file gets a fresh database by a cheap CREATE DATABASE ... TEMPLATE.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
// Loads vitest's own types so the augmentation below has a module to augment under `tsc -b` (TS2664).
import type {} from 'vitest';
import { bootstrapRoles, connectionUrl, DB_ROLES, ensureDatabase, runMigrations, startEmbeddedPostgres } from '@arrears/db';
import { TEMPLATE_DATABASE, TEST_PASSWORDS } from './constants.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-pg-'));
  fs.chmodSync(dir, 0o777);
  const cluster = await startEmbeddedPostgres(path.join(dir, 'data'), { throwaway: true });
  await bootstrapRoles(cluster.adminUrl, TEST_PASSWORDS);
  await ensureDatabase(cluster.adminUrl, TEMPLATE_DATABASE);
  await runMigrations(connectionUrl(cluster.adminUrl, { user: DB_ROLES.owner, password: TEST_PASSWORDS.owner, database: TEMPLATE_DATABASE }));
  project.provide('pgAdminUrl', cluster.adminUrl);
  return async () => {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
