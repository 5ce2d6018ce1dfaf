import { graphql } from '../../gql';

export const ExpiringPlacementsQuery = graphql(`
  query ExpiringPlacements($withinDays: Int) {
    expiringPlacements(withinDays: $withinDays) {
      id
      name
      expiresOn
      daysToExpiry
      activeAccountCount
      client {
        id
        name
      }
      extensions {
        id
        requestedUntil
        reason
        status
      }
    }
  }
`);

export const RequestExtensionMutation = graphql(`
  mutation RequestPlacementExtension($input: RequestExtensionInput!) {
    requestPlacementExtension(input: $input) {
      __typename
      ... on PlacementExtension {
        id
        status
      }
      ... on Refused {
        code
        message
        params {
          name
          value
        }
      }
    }
  }
`);

export const DecideExtensionMutation = graphql(`
  mutation DecidePlacementExtension($id: ID!, $approve: Boolean!) {
    decidePlacementExtension(id: $id, approve: $approve) {
      __typename
      ... on PlacementExtension {
        id
        status
      }
      ... on Refused {
        code
        message
      }
    }
  }
`);
