import { graphql } from '../../gql';

export const AccountMoneyQuery = graphql(`
  query AccountMoney($id: ID!) {
    accountMoney(accountId: $id) {
      accountId
      currency
      closeReason
      ledgerMatches
      balance {
        principal { amount currency }
        interest { amount currency }
        fees { amount currency }
        lateCharges { amount currency }
        costs { amount currency }
        totalDue { amount currency }
        credit { amount currency }
        collected { amount currency }
      }
      ledger(first: 50) {
        edges {
          node { id kind principal interest fees lateCharges costs credit total effectiveOn note }
        }
      }
      payments {
        id
        bankTxnRef
        amount { amount currency }
        paidOn
        channel
        status
        reversalReason
      }
      promises {
        id
        amount { amount currency }
        dueOn
        status
        paid { amount currency }
      }
      plans {
        ...PlanFields
      }
    }
  }
`);

export const PlanFieldsFragment = graphql(`
  fragment PlanFields on RepaymentPlan {
    id
    accountId
    bankRef
    status
    basis { amount currency }
    discount { amount currency }
    discountPercent
    total { amount currency }
    months
    firstDueOn
    interestFreeze
    requiredApprover
    routingReason
    limitsExceeded { level rule limit actual }
    agreementRef
    proposedAt
    endReason
    client { id name }
    installments { seq dueOn amount { amount currency } paid { amount currency } settled }
    steps { action level reason at actor { displayName } }
  }
`);

export const PostPaymentMutation = graphql(`
  mutation PostPayment($input: PostPaymentInput!) {
    postPayment(input: $input) {
      __typename
      ... on PaymentPosted { duplicate payment { id } }
      ... on NotEligible { code message }
    }
  }
`);

export const ReversePaymentMutation = graphql(`
  mutation ReversePayment($id: ID!, $reason: String!) {
    reversePayment(paymentId: $id, reason: $reason) {
      __typename
      ... on Payment { id status }
      ... on NotEligible { code message }
    }
  }
`);

export const TakePromiseMutation = graphql(`
  mutation TakePromise($input: TakePromiseInput!) {
    takePromise(input: $input) {
      __typename
      ... on PromisesTaken { promises { id } }
      ... on NotEligible { code message }
    }
  }
`);

export const PreviewPlanQuery = graphql(`
  query PreviewPlan($input: PlanTermsInputType!) {
    previewRepaymentPlan(input: $input) {
      __typename
      ... on PlanPreview {
        basis { amount currency }
        discount { amount currency }
        discountPercent
        total { amount currency }
        requiredApprover
        routingReason
        limitsExceeded { level rule limit actual }
        installments { seq dueOn amount { amount currency } }
      }
      ... on NotEligible { code message }
    }
  }
`);

export const ProposePlanMutation = graphql(`
  mutation ProposePlan($input: ProposePlanInput!) {
    proposeRepaymentPlan(input: $input) {
      __typename
      ... on RepaymentPlan { id status requiredApprover }
      ... on NotEligible { code message }
    }
  }
`);

export const PendingApprovalsQuery = graphql(`
  query PendingApprovals($first: Int, $after: String) {
    pendingPlanApprovals(first: $first, after: $after) {
      edges { cursor node { ...PlanFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const ApprovePlanMutation = graphql(`
  mutation ApprovePlan($id: ID!, $reason: String) {
    approveRepaymentPlan(planId: $id, reason: $reason) {
      __typename
      ... on RepaymentPlan { id status }
      ... on NotEligible { code message }
    }
  }
`);

export const RejectPlanMutation = graphql(`
  mutation RejectPlan($id: ID!, $reason: String!) {
    rejectRepaymentPlan(planId: $id, reason: $reason) {
      __typename
      ... on RepaymentPlan { id status }
      ... on NotEligible { code message }
    }
  }
`);

export const PromiseKeptRatesQuery = graphql(`
  query PromiseKeptRates($from: LocalDate!, $to: LocalDate!, $clientId: ID) {
    promiseKeptRates(from: $from, to: $to, clientId: $clientId) {
      client { id name }
      collector { id displayName }
      promises
      kept
      partial
      broken
      open
      keptRate
    }
  }
`);

export const PaymentImportsQuery = graphql(`
  query PaymentImports($clientId: ID) {
    paymentImports(clientId: $clientId) {
      id
      fileName
      fileKind
      status
      rowsRead
      rowsPosted
      rowsDuplicate
      rowsRejected
      totalPosted { amount currency }
      error
      createdAt
    }
  }
`);
