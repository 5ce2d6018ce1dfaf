import type { GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getNamedType,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isSpecifiedScalarType,
  printSchema,
  typeFromAST,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { ErrorCode } from '@arrears/graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Compiled = CompiledQuery | ExecutionResult;

/**
 * graphql-jit's errors are shaped like graphql-js's but not made by its constructor: no `extensions`
 * object when the thrown error has none (Apollo reads `extensions.code` and would answer "Internal server
 * error" for every resolver error). The same error, made by graphql-js.
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError, extensions: e.extensions });
  (error as { locations?: GraphQLError['locations'] }).locations = e.locations;
  return error;
}

const withGraphQLErrors = (result: ExecutionResult): ExecutionResult => (result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result);

/**
 * Whether an input type's defaults come out of graphql-jit (0.8.9) as graphql-js makes them: it writes a
 * default as JSON, so a default of a custom scalar (a Decimal, a Date) would reach the resolver as its
 * JSON form. Defaults of the built-in scalars and of enums are JSON already.
 */
function defaultsSurviveJson(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return true;
  seen.add(named.name);
  return Object.values(named.getFields()).every((f) => {
    const fieldType = getNamedType(f.type);
    if (f.defaultValue !== undefined && isScalarType(fieldType) && !isSpecifiedScalarType(fieldType)) return false;
    return defaultsSurviveJson(f.type, seen);
  });
}

/**
 * Whether graphql-jit may run the operation. Only queries are compiled; mutations (few, and where ordering
 * matters most) stay on graphql-js. Variables may not have defaults of their own (graphql-jit refuses an
 * omitted non-null one), and their input types' defaults must survive JSON (above). Whether a request's
 * values omit a non-null field that has a default is known per request: `jitCoercesVariables`.
 */
export function compilable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query') return false;
  return (operation.variableDefinitions ?? []).every((v) => {
    const type = typeFromAST(schema, v.type);
    return !v.defaultValue && type !== undefined && defaultsSurviveJson(type as GraphQLInputType);
  });
}

/** Whether `value` (as sent, valid for `type`) leaves out an input field that is non-null and has a default. */
function omitsRequiredDefault(type: GraphQLInputType, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return items.some((item) => omitsRequiredDefault(inner.ofType, item));
  }
  if (!isInputObjectType(inner) || typeof value !== 'object') return false;
  const given = value as Record<string, unknown>;
  return Object.values(inner.getFields()).some((f) =>
    given[f.name] === undefined ? f.defaultValue !== undefined && isNonNullType(f.type) : omitsRequiredDefault(f.type, given[f.name]),
  );
}

/** An operation of a kind the schema does not serve: refused as bad input, not left to fail as a server error. */
function refusedOperationType(operation: OperationDefinitionNode): ExecutionResult {
  return {
    errors: [
      new GraphQLError(`This API does not serve ${operation.operation} operations`, {
        nodes: [operation],
        extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
      }),
    ],
  };
}

/**
 * Whether graphql-jit coerces these variables as graphql-js does: it refuses an omitted input field that
 * is non-null and has a default, where GraphQL applies the default (`{ orderBy: { field: DUE } }` without
 * a direction). Such a request runs on graphql-js; the same operation with every such field given is compiled.
 */
export function jitCoercesVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean {
  return (operation.variableDefinitions ?? []).every((v) => !omitsRequiredDefault(typeFromAST(schema, v.type) as GraphQLInputType, variables[v.variable.name.value]));
}

/**
 * Executes the hot queries with graphql-jit: each parsed document is compiled once into a function that
 * walks the selection directly, instead of graphql-js interpreting the document for every field of every
 * row (argument maps, field collection, promise checks per value). The resolvers, the schema and Apollo's
 * request pipeline (parsing, validation, plugins, error formatting) are unchanged; what `compilable` or
 * `jitCoercesVariables` refuses runs on graphql-js.
 *
 * Apollo takes an executor only through its gateway interface; this is such a gateway over one local
 * schema. A compiled operation is kept with the document Apollo parsed (its document cache hands the same
 * object back for the same text), so it goes when Apollo's cache lets the document go.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  const compiledByDocument = new WeakMap<DocumentNode, Map<string | undefined, Compiled | null>>();
  const compiled = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined): Compiled | null => {
    let byOperation = compiledByDocument.get(document);
    if (!byOperation) compiledByDocument.set(document, (byOperation = new Map()));
    let query = byOperation.get(operationName);
    if (query === undefined) byOperation.set(operationName, (query = compilable(schema, operation) ? compileQuery(schema, document, operationName) : null));
    return query;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async load() {
      return {
        async executor(rc) {
          const operationName = rc.operationName ?? undefined;
          const variables = rc.request.variables ?? {};
          // No operation to run (an unknown name, or several operations and none named): graphql-js says
          // why, and Apollo answers it as a 400 OPERATION_RESOLUTION_FAILURE. The name asked for, not the
          // resolved one (null here): with it absent graphql-js would run a document's only operation.
          if (!rc.operation) return execute({ schema, document: rc.document, variableValues: variables, operationName: rc.request.operationName ?? undefined });
          // A kind of operation the schema has no root type for (subscriptions).
          if (!schema.getRootType(rc.operation.operation)) return refusedOperationType(rc.operation);
          const query = compiled(rc.document, rc.operation, operationName);
          if (!query || !jitCoercesVariables(schema, rc.operation, variables)) {
            return execute({ schema, document: rc.document, contextValue: rc.context, variableValues: variables, operationName });
          }
          if (!isCompiledQuery(query)) return withGraphQLErrors(query);
          // Variables are checked by graphql-js first: its errors carry the variable's definition, which
          // Apollo needs to answer 400 BAD_USER_INPUT. graphql-jit then coerces the same raw values.
          const checked = getVariableValues(schema, rc.operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
          if (checked.errors) return { errors: checked.errors };
          return withGraphQLErrors(await query.query(undefined, rc.context, variables));
        },
      };
    },
    // Nothing to release: the schema and the compiled queries are plain objects.
    stop: () => Promise.resolve(),
  };
}
