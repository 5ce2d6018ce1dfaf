import { isObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * type-graphql gives every plain `@Field` a resolver that returns `root[name]` through its middleware
 * chain, even an empty one. graphql-jit compiles a field without a resolver into a property read inside
 * the result object, and a field with one into a call per row with its own promise and error handling;
 * so the built schema loses those wrappers wherever they would do nothing: no `@Authorized`, no
 * `@UseMiddleware`, no field resolver, the same name in the schema and in the class. Fields with roles
 * or middlewares keep theirs. Only for a schema built without global middlewares (the gateway has none).
 */
export function readPlainFieldsDirectly(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const fieldResolvers = new Map<object, Set<string>>();
  for (const r of storage.fieldResolvers) {
    const target = r.getObjectType?.();
    if (target) fieldResolvers.set(target, (fieldResolvers.get(target) ?? new Set()).add(r.methodName));
  }
  const hasFieldResolver = (target: object, name: string) => fieldResolvers.get(target)?.has(name) ?? false;
  const declared = [...storage.objectTypes, ...storage.interfaceTypes];
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const built = type.getFields();
    for (const field of ownAndInheritedFields(objectType.target, objectType.interfaceClasses ?? [], declared)) {
      const fieldConfig = built[field.schemaName];
      if (!fieldConfig?.resolve) continue;
      const plain = field.name === field.schemaName && field.roles === undefined && !field.middlewares?.length;
      if (plain && !hasFieldResolver(objectType.target, field.name) && !hasFieldResolver(field.target, field.name)) fieldConfig.resolve = undefined;
    }
  }
  return schema;
}

type Declared = ReturnType<typeof getMetadataStorage>['objectTypes'][number] | ReturnType<typeof getMetadataStorage>['interfaceTypes'][number];

/** The class's fields, its superclasses' and its interfaces' (as type-graphql builds the object type). */
function ownAndInheritedFields(target: object, interfaces: object[], declared: Declared[]) {
  const classes: object[] = [...interfaces];
  for (let c: object | null = target; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) classes.push(c);
  return declared.filter((d) => classes.includes(d.target)).flatMap((d) => d.fields ?? []);
}
