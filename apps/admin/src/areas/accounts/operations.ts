import { graphql } from '../../gql';

export const AccountListFieldsFragment = graphql(`
  fragment AccountListFields on Account {
    id
    bankRef
    cardLast4
    daysPastDue
    bucket
    status
    placedOn
    recalledAt
    recallReason
    totalDue {
      amount
      currency
    }
    overdueAmount {
      amount
      currency
    }
    collected {
      amount
      currency
    }
    client {
      id
      name
    }
    debtor {
      id
      name
    }
    assignedCollector {
      id
      displayName
    }
  }
`);

export const AccountsQuery = graphql(`
  query Accounts($first: Int, $after: String, $filter: AccountFilter, $orderBy: AccountOrder) {
    accounts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      edges {
        cursor
        node {
          ...AccountListFields
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

export const CollectorsQuery = graphql(`
  query Collectors {
    users(first: 200, filter: { role: COLLECTOR, disabled: false }) {
      edges {
        node {
          id
          displayName
          email
          clients {
            id
          }
        }
      }
    }
  }
`);

export const AssignAccountsMutation = graphql(`
  mutation AssignAccounts($input: AssignAccountsInput!) {
    assignAccounts(input: $input) {
      __typename
      ... on AssignmentSummary {
        matched
        assigned
        skippedOutOfScope
        perCollector {
          collector {
            id
            displayName
          }
          count
        }
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const TeamsQuery = graphql(`
  query Teams {
    teams(first: 200) {
      edges {
        node {
          id
          name
          members {
            id
          }
        }
      }
    }
  }
`);

export const ColumnMappingQuery = graphql(`
  query ColumnMapping($clientId: ID!) {
    columnMapping(clientId: $clientId) {
      isDefault
      updatedAt
      entries {
        field
        header
        required
      }
    }
  }
`);

export const SaveColumnMappingMutation = graphql(`
  mutation SaveColumnMapping($clientId: ID!, $mapping: [ColumnMappingEntryInput!]!) {
    saveColumnMapping(clientId: $clientId, mapping: $mapping) {
      isDefault
      updatedAt
      entries {
        field
        header
        required
      }
    }
  }
`);
