/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment MeFields on Me {\n    role\n    user {\n      id\n      email\n      displayName\n      role\n    }\n    agency {\n      id\n      name\n    }\n    clients {\n      id\n      name\n      code\n      currency\n      timeZone\n    }\n  }\n": typeof types.MeFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...MeFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      me {\n        ...MeFields\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  fragment UserFields on User {\n    id\n    email\n    displayName\n    role\n    disabled\n    createdAt\n    clients {\n      id\n      name\n    }\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  query Clients($first: Int, $after: String) {\n    clients(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          code\n          currency\n          timeZone\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.ClientsDocument,
    "\n  mutation CreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      id\n      name\n      code\n    }\n  }\n": typeof types.CreateClientDocument,
    "\n  query Users($first: Int, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...UserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation ChangeUserRole($input: ChangeUserRoleInput!) {\n    changeUserRole(input: $input) {\n      ...UserFields\n    }\n  }\n": typeof types.ChangeUserRoleDocument,
    "\n  mutation SetUserClientScope($userId: ID!, $clientIds: [ID!]!) {\n    setUserClientScope(userId: $userId, clientIds: $clientIds) {\n      ...UserFields\n    }\n  }\n": typeof types.SetUserClientScopeDocument,
    "\n  mutation DisableUser($userId: ID!) {\n    disableUser(userId: $userId) {\n      __typename\n      ... on User {\n        ...UserFields\n      }\n      ... on NotEligible {\n        code\n        message\n      }\n    }\n  }\n": typeof types.DisableUserDocument,
    "\n  mutation EnableUser($userId: ID!) {\n    enableUser(userId: $userId) {\n      ...UserFields\n    }\n  }\n": typeof types.EnableUserDocument,
    "\n  query Agencies($first: Int, $after: String) {\n    agencies(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.AgenciesDocument,
    "\n  mutation CreateAgency($input: CreateAgencyInput!) {\n    createAgency(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateAgencyDocument,
};
const documents: Documents = {
    "\n  fragment MeFields on Me {\n    role\n    user {\n      id\n      email\n      displayName\n      role\n    }\n    agency {\n      id\n      name\n    }\n    clients {\n      id\n      name\n      code\n      currency\n      timeZone\n    }\n  }\n": types.MeFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...MeFields\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      me {\n        ...MeFields\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  fragment UserFields on User {\n    id\n    email\n    displayName\n    role\n    disabled\n    createdAt\n    clients {\n      id\n      name\n    }\n  }\n": types.UserFieldsFragmentDoc,
    "\n  query Clients($first: Int, $after: String) {\n    clients(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          code\n          currency\n          timeZone\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.ClientsDocument,
    "\n  mutation CreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      id\n      name\n      code\n    }\n  }\n": types.CreateClientDocument,
    "\n  query Users($first: Int, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...UserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation ChangeUserRole($input: ChangeUserRoleInput!) {\n    changeUserRole(input: $input) {\n      ...UserFields\n    }\n  }\n": types.ChangeUserRoleDocument,
    "\n  mutation SetUserClientScope($userId: ID!, $clientIds: [ID!]!) {\n    setUserClientScope(userId: $userId, clientIds: $clientIds) {\n      ...UserFields\n    }\n  }\n": types.SetUserClientScopeDocument,
    "\n  mutation DisableUser($userId: ID!) {\n    disableUser(userId: $userId) {\n      __typename\n      ... on User {\n        ...UserFields\n      }\n      ... on NotEligible {\n        code\n        message\n      }\n    }\n  }\n": types.DisableUserDocument,
    "\n  mutation EnableUser($userId: ID!) {\n    enableUser(userId: $userId) {\n      ...UserFields\n    }\n  }\n": types.EnableUserDocument,
    "\n  query Agencies($first: Int, $after: String) {\n    agencies(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.AgenciesDocument,
    "\n  mutation CreateAgency($input: CreateAgencyInput!) {\n    createAgency(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateAgencyDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MeFields on Me {\n    role\n    user {\n      id\n      email\n      displayName\n      role\n    }\n    agency {\n      id\n      name\n    }\n    clients {\n      id\n      name\n      code\n      currency\n      timeZone\n    }\n  }\n"): (typeof documents)["\n  fragment MeFields on Me {\n    role\n    user {\n      id\n      email\n      displayName\n      role\n    }\n    agency {\n      id\n      name\n    }\n    clients {\n      id\n      name\n      code\n      currency\n      timeZone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...MeFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...MeFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      me {\n        ...MeFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n      me {\n        ...MeFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    email\n    displayName\n    role\n    disabled\n    createdAt\n    clients {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    email\n    displayName\n    role\n    disabled\n    createdAt\n    clients {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Clients($first: Int, $after: String) {\n    clients(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          code\n          currency\n          timeZone\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query Clients($first: Int, $after: String) {\n    clients(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          code\n          currency\n          timeZone\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      id\n      name\n      code\n    }\n  }\n"): (typeof documents)["\n  mutation CreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      id\n      name\n      code\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...UserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query Users($first: Int, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...UserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeUserRole($input: ChangeUserRoleInput!) {\n    changeUserRole(input: $input) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeUserRole($input: ChangeUserRoleInput!) {\n    changeUserRole(input: $input) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserClientScope($userId: ID!, $clientIds: [ID!]!) {\n    setUserClientScope(userId: $userId, clientIds: $clientIds) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserClientScope($userId: ID!, $clientIds: [ID!]!) {\n    setUserClientScope(userId: $userId, clientIds: $clientIds) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableUser($userId: ID!) {\n    disableUser(userId: $userId) {\n      __typename\n      ... on User {\n        ...UserFields\n      }\n      ... on NotEligible {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DisableUser($userId: ID!) {\n    disableUser(userId: $userId) {\n      __typename\n      ... on User {\n        ...UserFields\n      }\n      ... on NotEligible {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableUser($userId: ID!) {\n    enableUser(userId: $userId) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation EnableUser($userId: ID!) {\n    enableUser(userId: $userId) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Agencies($first: Int, $after: String) {\n    agencies(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query Agencies($first: Int, $after: String) {\n    agencies(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAgency($input: CreateAgencyInput!) {\n    createAgency(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAgency($input: CreateAgencyInput!) {\n    createAgency(input: $input) {\n      id\n      name\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;