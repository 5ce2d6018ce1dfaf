import { graphql } from '../../gql';

export const JobsQuery = graphql(`
  query Jobs($status: JobStatus, $first: Int, $after: String) {
    jobs(status: $status, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          kind
          status
          attempts
          maxAttempts
          lastError
          clientName
          createdAt
          finishedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const RetryJobMutation = graphql(`
  mutation RetryJob($id: ID!) {
    retryJob(id: $id) {
      __typename
      ... on JobRun {
        id
        status
        attempts
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);
