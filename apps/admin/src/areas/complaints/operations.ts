import { graphql } from '../../gql';

export const ComplaintListFieldsFragment = graphql(`
  fragment ComplaintListFields on Complaint {
    id
    reference
    status
    source
    category
    severity
    outcome
    accountId
    accountRef
    debtorName
    receivedAt
    dueSoon
    client {
      id
      name
    }
    againstCollector {
      id
      displayName
    }
    regulatoryClock {
      basis
      dueOn
      daysRemaining
      late
      approximate
    }
    contractualClock {
      basis
      dueOn
      daysRemaining
      late
      approximate
    }
  }
`);

export const ComplaintsQuery = graphql(`
  query Complaints($first: Int, $after: String, $filter: ComplaintFilter) {
    complaints(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...ComplaintListFields
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

export const ComplaintCategoriesQuery = graphql(`
  query ComplaintCategories {
    complaintCategories {
      code
      nameEn
      nameZh
      active
    }
  }
`);

export const ComplaintDetailQuery = graphql(`
  query ComplaintDetail($id: ID!) {
    complaint(id: $id) {
      ...ComplaintListFields
      regulatorRef
      againstStaff
      againstContactAttemptId
      againstLetterId
      extensionLevel
      maxExtensions
      policyVersion
      policyPreset
      doNotCallRequested
      holdsAccount
      acknowledgedAt
      resolvedAt
      closedAt
      withdrawnAt
      reopenedCount
      handler {
        id
        displayName
      }
      detail {
        complainantName
        complainantPhone
        complainantRelation
        words
        findings
        remedy
        rootCause
        outcomeNotice
      }
      entries {
        id
        kind
        body
        authorRole
        author {
          id
          displayName
        }
        fileName
        sizeBytes
        sha256
        downloadPath
        createdAt
      }
      history {
        action
        fromStatus
        toStatus
        reason
        at
        actor {
          id
          displayName
        }
      }
    }
  }
`);

export const ComplaintSummaryQuery = graphql(`
  query ComplaintSummary {
    complaintSummary {
      byCategory {
        key
        label
        total
        open
        upheld
        regulatoryBreaches
        contractualBreaches
      }
      byCollector {
        key
        label
        total
        open
        upheld
        regulatoryBreaches
        contractualBreaches
      }
      byClient {
        key
        label
        total
        open
        upheld
        regulatoryBreaches
        contractualBreaches
      }
    }
  }
`);

export const ComplaintAccountSearchQuery = graphql(`
  query ComplaintAccountSearch($search: String!) {
    accounts(first: 10, filter: { search: $search }) {
      edges {
        node {
          id
          bankRef
          client {
            id
            name
          }
          debtor {
            id
            name
          }
        }
      }
    }
  }
`);


export const RaiseComplaintMutation = graphql(`
  mutation RaiseComplaint($input: RaiseComplaintInput!) {
    raiseComplaint(input: $input) {
      __typename
      ... on Complaint {
        id
        reference
        status
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const AcknowledgeComplaintMutation = graphql(`
  mutation AcknowledgeComplaint($id: ID!) {
    acknowledgeComplaint(id: $id) {
      __typename
      ... on Complaint {
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

export const InvestigateComplaintMutation = graphql(`
  mutation InvestigateComplaint($id: ID!) {
    startComplaintInvestigation(id: $id) {
      __typename
      ... on Complaint {
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

export const ResolveComplaintMutation = graphql(`
  mutation ResolveComplaint($input: ResolveComplaintInput!) {
    resolveComplaint(input: $input) {
      __typename
      ... on Complaint {
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

export const CloseComplaintMutation = graphql(`
  mutation CloseComplaint($id: ID!) {
    closeComplaint(id: $id) {
      __typename
      ... on Complaint {
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

export const WithdrawComplaintMutation = graphql(`
  mutation WithdrawComplaint($id: ID!, $reason: String!) {
    withdrawComplaint(id: $id, reason: $reason) {
      __typename
      ... on Complaint {
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

export const ReopenComplaintMutation = graphql(`
  mutation ReopenComplaint($id: ID!, $reason: String!) {
    reopenComplaint(id: $id, reason: $reason) {
      __typename
      ... on Complaint {
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

export const ExtendComplaintMutation = graphql(`
  mutation ExtendComplaint($id: ID!, $reason: String!) {
    extendComplaintDeadline(id: $id, reason: $reason) {
      __typename
      ... on Complaint {
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

export const AddComplaintCommentMutation = graphql(`
  mutation AddComplaintComment($id: ID!, $text: String!) {
    addComplaintComment(id: $id, text: $text) {
      __typename
      ... on ComplaintEntry {
        id
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);
