import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { PlacementImportQuery as PlacementImportData } from '../../gql/graphql';

export const PlacementImportFieldsFragment = graphql(`
  fragment PlacementImportFields on PlacementImport {
    id
    fileName
    format
    status
    rowsRead
    rowsImported
    rowsUpdated
    rowsRejected
    error
    placementId
    rejectionsCsvUrl
    createdAt
    startedAt
    finishedAt
    client {
      id
      name
    }
  }
`);

export const PlacementImportQuery = graphql(`
  query PlacementImport($id: ID!) {
    placementImport(id: $id) {
      ...PlacementImportFields
      rejections(first: 10) {
        edges {
          node {
            row
            column
            reason
            reasonZh
            code
            value
          }
        }
        totalCount
      }
    }
  }
`);

export const PlacementImportsQuery = graphql(`
  query PlacementImports($first: Int, $after: String, $clientId: ID) {
    placementImports(first: $first, after: $after, clientId: $clientId) {
      edges {
        cursor
        node {
          ...PlacementImportFields
          createdBy {
            id
            displayName
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

export type PlacementImportState = NonNullable<PlacementImportData['placementImport']>;

export const isFinished = (status: string | undefined) => status === 'SUCCEEDED' || status === 'FAILED';

const POLL_MS = 1000;

/**
 * Polls `placementImport(id)` every second until the import has finished. Outside the cache: the recent
 * imports list carries the same import, and its answer could otherwise mark the import finished here
 * while this query still held the rejections of a poll made before the import committed (polling then
 * stops, and the finished import would show no rejections). Each answer of this query is one request's
 * consistent view.
 */
export function useImportStatus(importId: string | null) {
  const { data, error, stopPolling } = useQuery(PlacementImportQuery, {
    variables: { id: importId ?? '' },
    skip: !importId,
    pollInterval: POLL_MS,
    fetchPolicy: 'no-cache',
    notifyOnNetworkStatusChange: false,
  });
  const state = data?.placementImport ?? null;
  if (state && isFinished(state.status)) stopPolling();
  return { data: state, error, available: true };
}
