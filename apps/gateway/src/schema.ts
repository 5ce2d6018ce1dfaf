import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { TokenService } from '@arrears/auth';
import { authChecker, readPlainFieldsDirectly, syncResultUnions } from '@arrears/graphql';
import { platformNodeResolvers, platformResolvers } from '@arrears/platform';
import { accountsNodeResolvers, accountsResolvers, type AccountsDeps } from '@arrears/accounts';
import { complaintsNodeResolvers, complaintsResolvers } from '@arrears/complaints';
import { paymentsCreditResolvers, paymentsNodeResolvers, paymentsResolvers } from '@arrears/payments';
import { legalNodeResolvers, legalResolvers, type LegalDeps } from '@arrears/legal';
import { jobNodeResolvers, jobResolvers } from '@arrears/jobs';
import { webhookNodeResolvers, webhookResolvers, type WebhookDeps } from '@arrears/webhooks';
import { configureContact, contactNodeResolvers, contactResolvers, type ContactDeps } from '@arrears/contact';
import { lettersNodeResolvers, lettersResolvers, type LettersDeps } from '@arrears/contact';
import { createNodeResolver } from './node.resolver.js';

/** Everything resolvers may need from the app; each domain declares the part it uses. */
export interface GatewayDeps extends AccountsDeps, LegalDeps, WebhookDeps {
  tokens: TokenService;
  dataSource: DataSource;
  log: (msg: string, extra?: object) => void;
  contact?: ContactDeps;
  letters?: LettersDeps;
}

/** Resolvers get the app's dependencies through their constructor (one instance each). */
function containerFor(deps: GatewayDeps): ContainerType {
  const instances = new Map<unknown, unknown>();
  return {
    get(cls: new (deps: GatewayDeps) => unknown) {
      if (!instances.has(cls)) instances.set(cls, new cls(deps));
      return instances.get(cls);
    },
  } as ContainerType;
}

export async function buildGatewaySchema(deps: GatewayDeps): Promise<GraphQLSchema> {
  configureContact(deps.contact);
  const NodeResolver = createNodeResolver({ ...platformNodeResolvers, ...accountsNodeResolvers, ...contactNodeResolvers, ...complaintsNodeResolvers, ...paymentsNodeResolvers, ...legalNodeResolvers(deps), ...jobNodeResolvers, ...webhookNodeResolvers, ...lettersNodeResolvers });
  const schema = await buildSchema({
    resolvers: [NodeResolver, ...platformResolvers, ...accountsResolvers, ...contactResolvers, ...complaintsResolvers, ...paymentsResolvers, ...paymentsCreditResolvers, ...legalResolvers, ...jobResolvers, ...webhookResolvers, ...lettersResolvers],
    authChecker,
    authMode: 'error',
    container: containerFor(deps),
    validate: { forbidUnknownValues: false },
  });
  return readPlainFieldsDirectly(syncResultUnions(schema));
}

/** The schema with no app behind it (the committed SDL, the execution benchmark): its resolvers must not run against a database. */
export function buildDetachedSchema(): Promise<GraphQLSchema> {
  return buildGatewaySchema({ tokens: new TokenService({ secret: 'x'.repeat(32), issuer: 'i', audience: 'a', ttlSeconds: 60 }) } as never);
}

/** The committed SDL: sorted so that the file only changes when the schema does. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
