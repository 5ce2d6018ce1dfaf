import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getMetadataStorage } from 'type-graphql';
import { TokenService } from '@arrears/auth';
import { buildGatewaySchema, printGatewaySchema } from './schema.js';

// The committed SDL is the contract the admin app generates its types from: it must be exactly what
// the code builds. Regenerate it with `npm run schema` and commit the result.
describe('apps/gateway/schema.graphql', () => {
  it('matches the schema the code builds', async () => {
    const schema = await buildGatewaySchema({ tokens: new TokenService({ secret: 'x'.repeat(32), issuer: 'i', audience: 'a', ttlSeconds: 60 }) } as never);
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

// `simpleResolvers` (hot types: Account, Debtor, Client, Money, connections) lets graphql-js read their
// fields directly instead of through type-graphql's per-field wrapper. That wrapper is also where a
// field's @Authorized and middlewares run, and it reads the property by its own name: on such a type a
// field with roles, middlewares or a renamed property would silently lose them.
describe('object types with simple resolvers', () => {
  it('have no field that needs the wrapper', async () => {
    await buildGatewaySchema({ tokens: new TokenService({ secret: 'x'.repeat(32), issuer: 'i', audience: 'a', ttlSeconds: 60 }) } as never);
    const storage = getMetadataStorage();
    const simple = storage.objectTypes.filter((t) => t.simpleResolvers);
    expect(simple.map((t) => t.name)).toEqual(expect.arrayContaining(['Account', 'Debtor', 'Client', 'Money', 'PageInfo', 'AccountConnection', 'AccountEdge']));
    const inherits = (cls: Function, from: Function) => cls === from || from.isPrototypeOf(cls);
    const needsWrapper = simple.flatMap((t) =>
      storage.fields
        .filter((f) => inherits(t.target, f.target))
        .filter((f) => !storage.fieldResolvers.some((r) => inherits(t.target, r.getObjectType?.() ?? Object) && r.methodName === f.name))
        .filter((f) => f.roles?.length || f.middlewares?.length || f.name !== f.schemaName)
        .map((f) => `${t.name}.${f.schemaName}`),
    );
    expect(needsWrapper).toEqual([]);
  });
});
