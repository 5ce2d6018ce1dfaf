// One vitest setup for every server project, so the quirks of this stack are handled once.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const workspaceRoot = path.dirname(fileURLToPath(import.meta.url));

/**
 * @param {string} root the project's folder
 * @param {{ database?: boolean }} [options] database: start one embedded Postgres for the run
 */
export function defineProjectConfig(root, options = {}) {
  return defineConfig({
    root,
    resolve: {
      // Vite would load graphql's index.mjs while Apollo and type-graphql load index.js:
      // two realms of graphql and "Cannot use GraphQLObjectType from another module".
      alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
    },
    // Workspace packages resolve to their TypeScript source under test (no build needed).
    ssr: { resolve: { conditions: ['@arrears/source'], externalConditions: ['@arrears/source'] } },
    test: {
      watch: false,
      include: ['src/**/*.spec.ts'],
      pool: 'forks',
      hookTimeout: 120_000,
      testTimeout: 60_000,
      globalSetup: options.database ? [path.join(workspaceRoot, 'libs/shared/testing/src/postgres.global-setup.ts')] : [],
    },
  });
}
