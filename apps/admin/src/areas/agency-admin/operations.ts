import { graphql } from '../../gql';

export const UserFieldsFragment = graphql(`
  fragment UserFields on User {
    id
    email
    displayName
    role
    disabled
    createdAt
    clients {
      id
      name
    }
  }
`);

export const ClientsQuery = graphql(`
  query Clients($first: Int, $after: String) {
    clients(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          code
          currency
          timeZone
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const CreateClientMutation = graphql(`
  mutation CreateClient($input: CreateClientInput!) {
    createClient(input: $input) {
      id
      name
      code
    }
  }
`);

export const UsersQuery = graphql(`
  query Users($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...UserFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      ...UserFields
    }
  }
`);

export const ChangeUserRoleMutation = graphql(`
  mutation ChangeUserRole($input: ChangeUserRoleInput!) {
    changeUserRole(input: $input) {
      ...UserFields
    }
  }
`);

export const SetUserClientScopeMutation = graphql(`
  mutation SetUserClientScope($userId: ID!, $clientIds: [ID!]!) {
    setUserClientScope(userId: $userId, clientIds: $clientIds) {
      ...UserFields
    }
  }
`);

export const DisableUserMutation = graphql(`
  mutation DisableUser($userId: ID!) {
    disableUser(userId: $userId) {
      __typename
      ... on User {
        ...UserFields
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const EnableUserMutation = graphql(`
  mutation EnableUser($userId: ID!) {
    enableUser(userId: $userId) {
      ...UserFields
    }
  }
`);

export const AgenciesQuery = graphql(`
  query Agencies($first: Int, $after: String) {
    agencies(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          createdAt
          status
          suspendedAt
          overview {
            users
            activeUsers
            clients
            accounts
            activeAccounts
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const CreateAgencyMutation = graphql(`
  mutation CreateAgency($input: CreateAgencyInput!) {
    createAgency(input: $input) {
      id
      name
    }
  }
`);

export const SuspendAgencyMutation = graphql(`
  mutation SuspendAgency($agencyId: ID!, $reason: String) {
    suspendAgency(agencyId: $agencyId, reason: $reason) {
      id
      status
      suspendedAt
    }
  }
`);

export const ReactivateAgencyMutation = graphql(`
  mutation ReactivateAgency($agencyId: ID!) {
    reactivateAgency(agencyId: $agencyId) {
      id
      status
      suspendedAt
    }
  }
`);

export const SignOutEverywhereMutation = graphql(`
  mutation SignOutEverywhere($userId: ID!) {
    signOutEverywhere(userId: $userId) {
      id
    }
  }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($userId: ID!, $temporaryPassword: String!) {
    resetPassword(userId: $userId, temporaryPassword: $temporaryPassword) {
      id
    }
  }
`);
