import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the gateway's committed schema (apps/gateway/schema.graphql).
// Run `npm run codegen` in apps/admin after the schema changes; src/gql/ is committed.
const config: CodegenConfig = {
  // ARREARS_SCHEMA points at another SDL file (say, one printed from a gateway build not yet committed).
  schema: process.env.ARREARS_SCHEMA ?? '../gateway/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.spec.tsx'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          DateTime: 'string',
          Decimal: 'string',
          LocalDate: 'string',
          ID: 'string',
        },
      },
    },
  },
};

export default config;
