import { graphql } from '../../gql';

export const WebhookEventTypesQuery = graphql(`
  query WebhookEventTypes {
    webhookEventTypes
  }
`);

export const WebhookSubscriptionsQuery = graphql(`
  query WebhookSubscriptions($clientId: ID) {
    webhookSubscriptions(clientId: $clientId) {
      id
      url
      eventTypes
      description
      status
      createdAt
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($subscriptionId: ID!, $first: Int, $after: String) {
    webhookDeliveries(subscriptionId: $subscriptionId, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          eventId
          eventType
          status
          attempts
          lastStatusCode
          lastError
          nextAttemptAt
          createdAt
          attemptLog {
            attempt
            attemptedAt
            statusCode
            latencyMs
            succeeded
            error
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CreateWebhookSubscriptionMutation = graphql(`
  mutation CreateWebhookSubscription($input: CreateWebhookSubscriptionInput!) {
    createWebhookSubscription(input: $input) {
      __typename
      ... on WebhookSubscriptionWithSecret {
        secret
        subscription {
          id
          url
        }
      }
      ... on LimitExceeded {
        code
        message
      }
    }
  }
`);

export const UpdateWebhookSubscriptionMutation = graphql(`
  mutation UpdateWebhookSubscription($input: UpdateWebhookSubscriptionInput!) {
    updateWebhookSubscription(input: $input) {
      id
      url
      eventTypes
    }
  }
`);

export const SetWebhookSubscriptionStatusMutation = graphql(`
  mutation SetWebhookSubscriptionStatus($id: ID!, $status: WebhookSubscriptionStatus!) {
    setWebhookSubscriptionStatus(id: $id, status: $status) {
      id
      status
    }
  }
`);

export const DeleteWebhookSubscriptionMutation = graphql(`
  mutation DeleteWebhookSubscription($id: ID!) {
    deleteWebhookSubscription(id: $id)
  }
`);

export const RedeliverWebhookMutation = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      __typename
      ... on WebhookDelivery {
        id
        status
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);
