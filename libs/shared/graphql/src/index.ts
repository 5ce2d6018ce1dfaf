// type-graphql reads decorator metadata: the polyfill must load before any decorated class.
import 'reflect-metadata';
export { DecimalScalar, DateTimeScalar, JSONObjectScalar, LocalDateScalar, Money } from './scalars.js';
export { AppError, ErrorCode, notFound, badInput, forbidden, conflict, tooManyAttempts } from './errors.js';
export { createErrorFormatter } from './error-mapper.js';
export { ErrorResult, NotEligible, LimitExceeded, PolicyBlocked, resultUnion, syncResultUnions } from './error-results.js';
export { Node, toGlobalId, fromGlobalId, fromGlobalIdOrThrow, type NodeResolver, type NodeResolvers } from './node.js';
export { ConnectionType, PageInfo, ConnectionArgs, toConnection, decodeCursor, pageSize, MAX_PAGE_SIZE, type ConnectionResult } from './connection.js';
export { authChecker, requirePrincipal, requireRole, Public } from './auth-checker.js';
export { perRequestLoader } from './loaders.js';
export { readPlainFieldsDirectly } from './plain-fields.js';
export { selectedFields, selectsPath } from './look-ahead.js';
