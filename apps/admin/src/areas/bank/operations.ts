import { graphql } from '../../gql';

export const BreakdownFieldsFragment = graphql(`
  fragment BreakdownFields on PortfolioBreakdown {
    key
    accounts
    activeAccounts
    placed {
      amount
      currency
    }
    collected {
      amount
      currency
    }
    liquidationRate
  }
`);

export const PortfolioSummaryQuery = graphql(`
  query PortfolioSummary($clientId: ID!) {
    portfolioSummary(clientId: $clientId) {
      client {
        id
        name
        currency
      }
      asOf
      refreshedAt
      totals {
        ...BreakdownFields
      }
      byBucket {
        ...BreakdownFields
      }
      byPlacementMonth {
        ...BreakdownFields
      }
    }
  }
`);

export const PlacementsQuery = graphql(`
  query Placements($first: Int, $after: String, $clientId: ID) {
    placements(first: $first, after: $after, clientId: $clientId) {
      edges {
        cursor
        node {
          id
          name
          placedOn
          expiresOn
          status
          recalledAt
          createdAt
          accountCount
          activeAccountCount
          placedAmount {
            amount
            currency
          }
          client {
            id
            name
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

export const RecallAccountsMutation = graphql(`
  mutation RecallAccounts($input: RecallInput!) {
    recallAccounts(input: $input) {
      recalled
    }
  }
`);
