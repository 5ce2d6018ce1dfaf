import { graphql } from '../../gql';

export const MyQueueQuery = graphql(`
  query MyQueue($first: Int, $after: String, $includeBlocked: Boolean, $filter: QueueFilter) {
    myQueue(first: $first, after: $after, includeBlocked: $includeBlocked, filter: $filter) {
      edges {
        cursor
        node {
          ...AccountListFields
          lastContactAt
          nextPromiseDue
          brokenPromises
          priority {
            score
          }
          holds {
            id
            reason
          }
          queueStanding {
            open
            reason
            opensAt
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

// Asked once per visit of the queue, apart from the table's pages: it weighs the standing of the queue's
// 500 highest-priority accounts.
export const MyQueueNextOpeningQuery = graphql(`
  query MyQueueNextOpening {
    myQueueNextOpening
  }
`);

export const AccountDetailQuery = graphql(`
  query AccountDetail($id: ID!) {
    account(id: $id) {
      id
      bankRef
      cardLast4
      currency
      status
      bucket
      daysPastDue
      agedOn
      delinquentSince
      chargeOffDate
      placedOn
      recalledAt
      recallReason
      assignedAt
      lastContactAt
      nextPromiseDue
      brokenPromises
      lastPaymentDate
      lastPaymentAmount {
        amount
        currency
      }
      principal {
        amount
        currency
      }
      interest {
        amount
        currency
      }
      fees {
        amount
        currency
      }
      totalDue {
        amount
        currency
      }
      overdueAmount {
        amount
        currency
      }
      placedAmount {
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
        timeZone
      }
      placement {
        id
        name
      }
      assignedCollector {
        id
        displayName
      }
      debtor {
        id
        name
        nationalIdMasked
        phones
        addresses
        employer
        timeZone
        contacts {
          relation
          name
          phone
        }
      }
      writtenOff
      priority {
        score
        weightsPreset
        weightsVersion
        factors {
          factor
          points
          weight
          detail
        }
      }
      bucketHistory {
        fromBucket
        toBucket
        daysPastDue
        changedOn
      }
      assignmentHistory {
        rule
        assignedAt
        collector {
          id
          displayName
        }
        assignedBy {
          id
          displayName
        }
      }
    }
  }
`);
