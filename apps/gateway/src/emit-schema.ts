import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { TokenService } from '@arrears/auth';
import { buildGatewaySchema, printGatewaySchema } from './schema.js';

/** Writes the committed SDL (apps/gateway/schema.graphql) from the code-first schema. */
const schema = await buildGatewaySchema({ tokens: new TokenService({ secret: 'x'.repeat(32), issuer: 'i', audience: 'a', ttlSeconds: 60 }) } as never);
const file = path.resolve(import.meta.dirname, '../schema.graphql');
fs.writeFileSync(file, printGatewaySchema(schema));
console.log(`wrote ${file}`);
