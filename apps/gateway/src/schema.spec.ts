import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDetachedSchema, printGatewaySchema } from './schema.js';

// The committed SDL is the contract the admin app generates its types from: it must be exactly what
// the code builds. Regenerate it with `npm run schema` and commit the result.
describe('apps/gateway/schema.graphql', () => {
  it('matches the schema the code builds', async () => {
    const schema = await buildDetachedSchema();
    const built = printGatewaySchema(schema);
    const file = path.resolve(import.meta.dirname, '../schema.graphql');
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (built !== committed) {
      const a = built.split('\n');
      const b = committed.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      expect.fail(
        `apps/gateway/schema.graphql is out of date: run \`npm run schema\` and commit the file.\n` +
          `First difference at line ${line + 1}:\n  built:     ${a[line] ?? '<end>'}\n  committed: ${b[line] ?? '<end>'}`,
      );
    }
  });
});
