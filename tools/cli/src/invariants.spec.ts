import path from 'node:path';
import { ESLint } from 'eslint';
import { createProjectGraphAsync } from '@nx/devkit';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves the security invariants of eslint.config.mjs with deliberate violations (linted as text at a
// path inside a project, nothing written to disk): an unguarded resolver, and a domain lib that opens
// its own connection or transaction. If a rule were dropped or its selector broke, these fail.

const workspaceRoot = path.resolve(import.meta.dirname, '../../..');
let eslint: ESLint;

beforeAll(async () => {
  process.env.NX_DAEMON = 'false';
  await createProjectGraphAsync({ exitOnError: false });
  eslint = new ESLint({ cwd: workspaceRoot });
}, 120_000);

async function invariantErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(workspaceRoot, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const RESOLVER = (decorators: string) => `import { Arg, Authorized, Mutation, Query, Resolver } from 'type-graphql';
import { Public } from '@arrears/graphql';
@Resolver()
export class ProbeResolver {
${decorators}
  probe(@Arg('id', () => String) id: string): string {
    return id;
  }
}
export const keep = [Authorized, Public, Query, Mutation];
`;

describe('every @Query and @Mutation declares who may call it', () => {
  it.each([
    ['libs/platform/src/invariant-probe.ts', '  @Query(() => String)'],
    ['libs/accounts/src/invariant-probe.ts', "  @Mutation(() => String, { description: 'x' })"],
    ['apps/gateway/src/invariant-probe.ts', '  @Query(() => String)'],
  ])('%s without @Authorized or @Public fails lint', async (file, decorator) => {
    expect(await invariantErrors(file, RESOLVER(decorator))).toEqual([expect.stringMatching(/@Authorized\(\.\.\.\) or @Public\(\)/)]);
  });

  it('@Authorized(...) or @Public() passes (control)', async () => {
    expect(await invariantErrors('libs/platform/src/invariant-probe.ts', RESOLVER("  @Authorized('agency_admin')\n  @Query(() => String)"))).toEqual([]);
    expect(await invariantErrors('libs/platform/src/invariant-probe.ts', RESOLVER('  @Public()\n  @Mutation(() => String)'))).toEqual([]);
  });
});

describe('only db and tenancy touch a DataSource or create a query runner', () => {
  const probe = (body: string) => `import type { DataSource } from 'typeorm';\nexport async function probe(dataSource: DataSource, deps: { dataSource: DataSource }) {\n${body}\n}\n`;

  it.each([
    ['a query runner', 'const r = dataSource.createQueryRunner(); await r.release();'],
    ['a query on the data source', "await dataSource.query('select 1');"],
    ["a transaction on a dependency's data source", 'await deps.dataSource.transaction(async () => undefined);'],
    ['a new DataSource', "return new DataSource({ type: 'postgres' } as never);"],
  ])('a domain lib opening %s fails lint', async (_what, body) => {
    const errors = await invariantErrors('libs/accounts/src/invariant-probe.ts', probe(body));
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.join(' ')).toMatch(/security invariant/);
  });

  it('the same code is allowed in libs/shared/db and libs/shared/tenancy, and passing the data source on is fine (control)', async () => {
    const code = probe("await dataSource.query('select 1'); const r = dataSource.createQueryRunner(); await r.release();");
    expect(await invariantErrors('libs/shared/tenancy/src/invariant-probe.ts', code)).toEqual([]);
    expect(await invariantErrors('libs/shared/db/src/invariant-probe.ts', code)).toEqual([]);
    expect(await invariantErrors('libs/accounts/src/invariant-probe.ts', probe('return [dataSource, deps.dataSource];'))).toEqual([]);
  });
});
