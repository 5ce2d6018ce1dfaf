import { graphql } from '../../gql';


export const FieldVisitsQuery = graphql(`
  query FieldVisits($mine: Boolean, $accountId: ID) {
    fieldVisits(mine: $mine, accountId: $accountId) {
      id
      status
      cancelReason
      address
      plannedAt
      met
      checkedInAt
      latitude
      longitude
      account {
        id
        bankRef
      }
      collectors {
        id
        displayName
      }
      attempt {
        id
        outcome
        party
      }
      photos {
        id
        fileName
        sizeBytes
        downloadPath
      }
    }
    contactOutcomes {
      code
      labelZh
      labelEn
      connected
    }
  }
`);

export const VisitCollectorsQuery = graphql(`
  query VisitCollectors {
    users(first: 200, filter: { role: COLLECTOR, disabled: false }) {
      edges {
        node {
          id
          displayName
        }
      }
    }
  }
`);

export const ScheduleVisitMutation = graphql(`
  mutation ScheduleVisit($input: ScheduleVisitInput!) {
    scheduleVisit(input: $input) {
      __typename
      ... on FieldVisit {
        id
        status
      }
      ... on VisitNotAllowed {
        code
        message
        nextAllowedAt
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

export const RecordVisitResultMutation = graphql(`
  mutation RecordVisitResult($input: RecordVisitResultInput!) {
    recordVisitResult(input: $input) {
      __typename
      ... on FieldVisit {
        id
        status
      }
      ... on ContactBlocked {
        code
        message
        nextAllowedAt
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const ContactOutcomesQuery = graphql(`
  query ContactOutcomes {
    contactOutcomes(includeInactive: true) {
      code
      labelZh
      labelEn
      connected
      disclosesDebt
      kind
      acknowledgesDebt
      builtIn
      active
      sort
    }
  }
`);

export const SetContactOutcomeMutation = graphql(`
  mutation SetContactOutcome($input: SetContactOutcomeInput!) {
    setContactOutcome(input: $input) {
      __typename
      ... on ContactOutcome {
        code
        active
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const DialerSettingsQuery = graphql(`
  query DialerSettings {
    dialerSettings {
      adapter
      hasSecret
      myExtension
    }
    contactOutcomes {
      code
      labelZh
      labelEn
    }
  }
`);

export const BridgeCallMutation = graphql(`
  mutation BridgeCall($accountId: ID!, $phoneId: ID!) {
    bridgeCall(accountId: $accountId, phoneId: $phoneId) {
      __typename
      ... on DialBridged {
        attempt {
          id
          status
        }
        call {
          id
          extension
        }
      }
      ... on ContactBlocked {
        code
        message
        nextAllowedAt
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const CompleteBridgedCallMutation = graphql(`
  mutation CompleteBridgedCall($input: CompleteContactAttemptInput!) {
    completeContactAttempt(input: $input) {
      __typename
      ... on ContactAttempt {
        id
        status
        outcome
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const SetMyExtensionMutation = graphql(`
  mutation SetMyDialerExtension($extension: String!) {
    setMyDialerExtension(extension: $extension)
  }
`);

export const AdminDialerSettingsQuery = graphql(`
  query AdminDialerSettings {
    dialerSettings {
      adapter
      url
      hasSecret
    }
  }
`);

export const SetDialerSettingsMutation = graphql(`
  mutation SetDialerSettings($adapter: DialerAdapter!, $url: String, $secret: String) {
    setDialerSettings(adapter: $adapter, url: $url, secret: $secret) {
      adapter
      url
      hasSecret
    }
  }
`);

export const ReplanVisitMutation = graphql(`
  mutation ReplanVisit($input: ReplanVisitInput!) {
    replanVisit(input: $input) {
      __typename
      ... on FieldVisit {
        id
        status
        plannedAt
      }
      ... on VisitNotAllowed {
        code
        message
        nextAllowedAt
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

export const CancelVisitMutation = graphql(`
  mutation CancelVisit($visitId: ID!, $reason: String!) {
    cancelVisit(visitId: $visitId, reason: $reason) {
      __typename
      ... on FieldVisit {
        id
        status
        cancelReason
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);
