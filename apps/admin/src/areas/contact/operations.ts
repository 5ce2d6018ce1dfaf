import { graphql } from '../../gql';

export const ContactPanelQuery = graphql(`
  query ContactPanel($id: ID!) {
    account(id: $id) {
      id
      lastContactAt
      nextActionAt
      client {
        id
        timeZone
      }
      debtor {
        id
        timeZone
      }
      holds {
        id
        reason
        placedAt
      }
      contactChecks {
        channel
        party
        allowed
        nextAllowedAt
        policyVersion
        timeZone
        evaluatedAt
        blocks {
          rule
          message
        }
      }
      contactPhones {
        id
        number
        type
        status
        source
        doNotCall
        lastOutcome
        lastOutcomeAt
      }
      contactAttempts {
        id
        channel
        direction
        party
        status
        outcome
        connected
        rightPartyVerified
        note
        durationSeconds
        startedAt
        correctsId
        policyVersion
        madeBy {
          id
          displayName
        }
      }
      contactRefusals {
        id
        channel
        party
        nextAllowedAt
        policyVersion
        attemptedAt
        rules {
          rule
          message
        }
      }
    }
    contactOutcomeCodes {
      code
      connected
      disclosesDebt
    }
  }
`);

export const DialMutation = graphql(`
  mutation Dial($accountId: ID!, $phoneId: ID!) {
    dial(accountId: $accountId, phoneId: $phoneId) {
      __typename
      ... on DialStarted {
        revealedNumber
        telLink
        adapter
        revealsLeftToday
        attempt {
          id
          status
        }
      }
      ... on ContactBlocked {
        code
        message
        nextAllowedAt
        policyVersion
        rules {
          rule
          message
        }
      }
      ... on LimitExceeded {
        code
        message
      }
    }
  }
`);

export const CompleteAttemptMutation = graphql(`
  mutation CompleteContactAttempt($input: CompleteContactAttemptInput!) {
    completeContactAttempt(input: $input) {
      __typename
      ... on ContactAttempt {
        id
        outcome
        status
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const RecordAttemptMutation = graphql(`
  mutation RecordContactAttempt($input: RecordContactAttemptInput!) {
    recordContactAttempt(input: $input) {
      __typename
      ... on ContactAttempt {
        id
        outcome
      }
      ... on ContactBlocked {
        code
        message
        nextAllowedAt
        policyVersion
        rules {
          rule
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

export const ContactRefusalsQuery = graphql(`
  query ContactRefusals($first: Int, $after: String) {
    contactRefusals(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          channel
          party
          nextAllowedAt
          policyVersion
          attemptedAt
          rules {
            rule
            message
          }
          attemptedBy {
            id
            displayName
          }
          account {
            id
            bankRef
            client {
              id
              name
            }
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

export const ContactPolicyQuery = graphql(`
  query ContactPolicy($clientId: ID!, $skip: Boolean!) {
    clients(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    policyKinds {
      kind
      defaultPreset
      presets {
        name
        body
      }
    }
    clientPolicy(clientId: $clientId, kind: "contact") @skip(if: $skip) {
      version
      preset
      body
      note
      createdAt
    }
    clientPolicyVersions(clientId: $clientId, kind: "contact") @skip(if: $skip) {
      version
      preset
      body
      note
      createdAt
    }
  }
`);

export const SetContactPolicyMutation = graphql(`
  mutation SetContactPolicy($input: SetClientPolicyInput!) {
    setClientPolicy(input: $input) {
      __typename
      ... on ClientPolicy {
        version
      }
      ... on PolicyRejected {
        code
        message
        violations {
          rule
          message
        }
      }
    }
  }
`);

export const RevealCountsQuery = graphql(`
  query ContactRevealCounts {
    contactRevealCounts {
      userId
      displayName
      day
      reveals
      limit
    }
  }
`);
