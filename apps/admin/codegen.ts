import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = path.dirname(fileURLToPath(import.meta.url));
// The gateway commits its schema; the contract file is only a stand-in until it exists.
const gatewaySchema = path.join(here, '../gateway/schema.graphql');
const schema = existsSync(gatewaySchema) ? gatewaySchema : path.join(here, 'schema.contract.graphql');

const config: CodegenConfig = {
  schema,
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
