import { graphql } from '../../gql';

export const AccountCreditsQuery = graphql(`
  query AccountCredits($id: ID!) {
    accountMoney(accountId: $id) {
      accountId
      accountStatus
      balance { credit { amount currency } }
      refunds { id amount reference refundedOn }
      creditTransfers { id amount fromAccountId toAccountId createdAt }
      creditTargets { accountId bankRef totalDue }
    }
  }
`);

export const RecallWithReasonMutation = graphql(`
  mutation RecallWithReason($input: RecallInput!) {
    recallAccounts(input: $input) {
      recalled
      needsConfirmation
      blockedByLegalCase
      recallIds
      openItems { accountId kind itemId status amount dueOn }
    }
  }
`);

export const RefundCreditMutation = graphql(`
  mutation RefundCredit($input: RefundCreditInput!) {
    refundCredit(input: $input) {
      __typename
      ... on CreditRefunded { duplicate refund { id amount reference } }
      ... on NotEligible { code message }
    }
  }
`);

export const ApplyCreditMutation = graphql(`
  mutation ApplyCredit($input: ApplyCreditInput!) {
    applyCredit(input: $input) {
      __typename
      ... on CreditTransfer { id amount }
      ... on NotEligible { code message }
    }
  }
`);
