import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { buildDetachedSchema, printGatewaySchema } from './schema.js';

/** Writes the committed SDL (apps/gateway/schema.graphql) from the code-first schema. */
const schema = await buildDetachedSchema();
const file = path.resolve(import.meta.dirname, '../schema.graphql');
fs.writeFileSync(file, printGatewaySchema(schema));
console.log(`wrote ${file}`);
