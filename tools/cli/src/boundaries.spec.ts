import path from 'node:path';
import { ESLint } from 'eslint';
import { createProjectGraphAsync } from '@nx/devkit';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves the module-boundary rule of eslint.config.mjs with deliberate violations: if the rule were
// switched off, mis-tagged, or silently skipped (no project graph), these tests fail.

const workspaceRoot = path.resolve(import.meta.dirname, '../../..');
let eslint: ESLint;

beforeAll(async () => {
  process.env.NX_DAEMON = 'false';
  // The Nx rule reads the cached project graph and skips itself (with only a warning) when there is none.
  await createProjectGraphAsync({ exitOnError: false });
  eslint = new ESLint({ cwd: workspaceRoot });
}, 120_000);

/** Lints `code` as if it were a (temporary) file at `file`, relative to the workspace root. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(workspaceRoot, file) });
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it('a shared lib may not import a domain lib (the tag constraint)', async () => {
    // audit is not among platform's dependencies, so this is purely the tag rule, not a cycle.
    const errors = await boundaryErrors('libs/shared/audit/src/boundary-probe.ts', `import { UserService } from '@arrears/platform';\nexport const probe = UserService;\n`);
    expect(errors).toEqual([expect.stringMatching(/type:shared.*can only depend on libs tagged with.*type:shared/)]);
  });

  it('a shared lib that a domain lib uses may not import it back (refused as a cycle first)', async () => {
    const errors = await boundaryErrors('libs/shared/db/src/boundary-probe.ts', `import { UserService } from '@arrears/platform';\nexport const probe = UserService;\n`);
    expect(errors).toEqual([expect.stringMatching(/can only depend on libs tagged with|Circular dependency/)]);
  });

  it('a shared lib may not import a tool', async () => {
    const errors = await boundaryErrors('libs/shared/tenancy/src/boundary-probe.ts', `import { seedDemo } from '@arrears/seed';\nexport const probe = seedDemo;\n`);
    expect(errors).toHaveLength(1);
  });

  it('a domain lib may not import a tool or an app', async () => {
    // Every tool already depends on the domain libs, so Nx names the cycle before the tags.
    expect(await boundaryErrors('libs/platform/src/boundary-probe.ts', `import { seedDemo } from '@arrears/seed';\nexport const probe = seedDemo;\n`)).toEqual([
      expect.stringMatching(/type:domain.*can only depend on libs tagged with|Circular dependency/),
    ]);
  });

  it('the web app may not import any server package', async () => {
    for (const pkg of ['@arrears/graphql', '@arrears/platform', '@arrears/config']) {
      const errors = await boundaryErrors('apps/admin/src/boundary-probe.ts', `import * as server from '${pkg}';\nexport const probe = server;\n`);
      expect(errors, pkg).toEqual([expect.stringMatching(/type:web.*can only depend on libs tagged with.*type:web/)]);
    }
  });

  it('allowed directions pass (control)', async () => {
    expect(await boundaryErrors('libs/platform/src/boundary-probe.ts', `import { notFound } from '@arrears/graphql';\nexport const probe = notFound;\n`)).toEqual([]);
    expect(await boundaryErrors('apps/gateway/src/boundary-probe.ts', `import { seedDemo } from '@arrears/seed';\nimport { UserService } from '@arrears/platform';\nexport const probe = [seedDemo, UserService];\n`)).toEqual([]);
    expect(await boundaryErrors('tools/seed/src/boundary-probe.ts', `import { UserService } from '@arrears/platform';\nexport const probe = UserService;\n`)).toEqual([]);
  });

  it('every project carries exactly one type tag that a constraint knows', async () => {
    const graph = await createProjectGraphAsync({ exitOnError: false });
    const { depConstraints } = await import(path.join(workspaceRoot, 'eslint.config.mjs'));
    const known = new Set((depConstraints as { sourceTag: string }[]).map((c) => c.sourceTag));
    const problems = Object.values(graph.nodes)
      .filter((n) => n.data.root !== '.')
      .flatMap((n) => {
        const types = (n.data.tags ?? []).filter((t: string) => t.startsWith('type:'));
        return types.length === 1 && known.has(types[0]) ? [] : [`${n.name}: ${JSON.stringify(n.data.tags ?? [])}`];
      });
    expect(problems).toEqual([]);
  });
});
