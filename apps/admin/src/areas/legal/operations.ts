import { graphql } from '../../gql';

export const LawFirmFieldsFragment = graphql(`
  fragment LawFirmFields on LawFirm {
    id
    name
    contactName
    contactPhone
    contactEmail
    regions
    courts
    feeBasis
    feeRate
    fixedFee
    feeCurrency
  }
`);

export const LawFirmsQuery = graphql(`
  query LawFirms($first: Int, $after: String) {
    lawFirms(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...LawFirmFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const SaveLawFirmMutation = graphql(`
  mutation SaveLawFirm($id: ID, $input: LawFirmInput!) {
    saveLawFirm(id: $id, input: $input) {
      ...LawFirmFields
    }
  }
`);

export const LegalCandidatesQuery = graphql(`
  query LegalCandidates($clientId: ID!, $first: Int, $after: String, $eligibleOnly: Boolean) {
    legalCandidates(clientId: $clientId, first: $first, after: $after, eligibleOnly: $eligibleOnly) {
      edges {
        cursor
        node {
          accountId
          bankRef
          debtorName
          dpd
          bucket
          balance {
            amount
            currency
          }
          lastPaymentDate
          chargeOffDate
          eligible
          missing
          checks {
            code
            passed
            message
          }
          limitation {
            startsOn
            expiresOn
            timeBarred
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

export const LegalReadinessQuery = graphql(`
  query LegalReadiness($clientId: ID!) {
    legalReadiness(clientId: $clientId) {
      policyVersion
      preset
      authorisationRequired
      requiredDocuments
      missing
      plaintiff {
        legalName
        creditCode
      }
    }
  }
`);

export const ReferToLawFirmMutation = graphql(`
  mutation ReferToLawFirm($input: ReferToLawFirmInput!) {
    referToLawFirm(input: $input) {
      __typename
      ... on ReferralResult {
        cases {
          id
          status
        }
        refused {
          accountId
          code
          message
        }
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const LegalCaseRowFragment = graphql(`
  fragment LegalCaseRow on LegalCase {
    id
    status
    lawFirmName
    referredByName
    referredAt
    statusChangedAt
    debtorName
    accountRef
    plaintiffName
    authorisationRequired
    account {
      id
      ... on Account {
        bankRef
      }
    }
    claim {
      amount
      currency
    }
  }
`);

export const LegalCasesQuery = graphql(`
  query LegalCases($first: Int, $after: String, $filter: LegalCaseFilter) {
    legalCases(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...LegalCaseRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const LegalCaseQuery = graphql(`
  query LegalCase($id: ID!) {
    legalCase(id: $id) {
      ...LegalCaseRow
      authorisedAt
      authorisationNote
      reason
      court
      courtCaseNo
      policyVersion
      allowedMoves
      caseFile {
        manifestSha256
        manifest
        snapshot
        createdAt
      }
      documents {
        id
        kind
        inCaseFile
        fileName
        contentType
        sha256
        size
        createdAt
        downloadPath
      }
      statusHistory {
        from
        to
        note
        changedAt
      }
      costs {
        id
        kind
        amount {
          amount
          currency
        }
        incurredOn
        note
        postedAt
      }
      recoveries {
        id
        amount {
          amount
          currency
        }
        receivedOn
        note
        status
        decidedAt
      }
    }
  }
`);

export const MoveLegalCaseMutation = graphql(`
  mutation MoveLegalCase($input: MoveLegalCaseInput!) {
    moveLegalCase(input: $input) {
      __typename
      ... on LegalCase {
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

export const AuthoriseLegalCaseMutation = graphql(`
  mutation AuthoriseLegalCase($caseId: ID!, $approve: Boolean!, $note: String) {
    authoriseLegalCase(caseId: $caseId, approve: $approve, note: $note) {
      __typename
      ... on LegalCase {
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

export const RecordLegalCostMutation = graphql(`
  mutation RecordLegalCost($input: LegalCostInput!) {
    recordLegalCost(input: $input) {
      __typename
      ... on LegalCost {
        id
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const PostLegalCostMutation = graphql(`
  mutation PostLegalCost($costId: ID!) {
    postLegalCost(costId: $costId) {
      __typename
      ... on LegalCost {
        id
        postedAt
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const RecordLegalRecoveryMutation = graphql(`
  mutation RecordLegalRecovery($input: LegalRecoveryInput!) {
    recordLegalRecovery(input: $input) {
      __typename
      ... on LegalRecovery {
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

export const DecideLegalRecoveryMutation = graphql(`
  mutation DecideLegalRecovery($recoveryId: ID!, $confirm: Boolean!) {
    decideLegalRecovery(recoveryId: $recoveryId, confirm: $confirm) {
      __typename
      ... on LegalRecovery {
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

export const AccountLegalCasesQuery = graphql(`
  query AccountLegalCases($accountId: ID!) {
    legalCases(first: 10, filter: { accountId: $accountId }) {
      edges {
        node {
          id
          status
          lawFirmName
          referredAt
          statusChangedAt
          recoveries {
            id
            status
            amount {
              amount
              currency
            }
          }
        }
      }
    }
  }
`);

export const BankDocumentsQuery = graphql(`
  query BankDocuments($accountId: ID!) {
    bankDocuments(accountId: $accountId) {
      id
      kind
      fileName
      sha256
      size
      uploadedAt
    }
  }
`);

export const SetLegalPlaintiffMutation = graphql(`
  mutation SetLegalPlaintiff($clientId: ID!, $input: LegalPlaintiffInput!) {
    setLegalPlaintiff(clientId: $clientId, input: $input) {
      legalName
      creditCode
    }
  }
`);
