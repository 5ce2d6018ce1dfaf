import { graphql } from '../../../gql';

export const TemplatesPageQuery = graphql(`
  query TemplatesPage($clientId: ID) {
    clients(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    messageTemplates(clientId: $clientId) {
      id
      name
      channel
      clientId
      versions {
        id
        version
        title
        body
        agencyPhone
        status
        createdAt
        submittedAt
        decidedAt
        decisionNote
      }
    }
  }
`);

export const CreateTemplateMutation = graphql(`
  mutation CreateMessageTemplate($input: CreateMessageTemplateInput!) {
    createMessageTemplate(input: $input) {
      __typename
      ... on MessageTemplate {
        id
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const DraftVersionMutation = graphql(`
  mutation DraftMessageTemplateVersion($input: DraftMessageTemplateInput!) {
    draftMessageTemplateVersion(input: $input) {
      __typename
      ... on MessageTemplateVersion {
        id
      }
      ... on NotEligible {
        code
        message
      }
    }
  }
`);

export const SubmitVersionMutation = graphql(`
  mutation SubmitMessageTemplateVersion($versionId: ID!) {
    submitMessageTemplateVersion(versionId: $versionId) {
      __typename
      ... on MessageTemplateVersion {
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

export const DecideVersionMutation = graphql(`
  mutation DecideMessageTemplateVersion($versionId: ID!, $approve: Boolean!, $note: String) {
    decideMessageTemplateVersion(versionId: $versionId, approve: $approve, note: $note) {
      __typename
      ... on MessageTemplateVersion {
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

export const AccountMessagesQuery = graphql(`
  query AccountMessages($id: ID!) {
    account(id: $id) {
      id
      client {
        id
      }
      debtor {
        id
        addresses
      }
      smsMessages {
        id
        status
        adapter
        body
        to
        lastError
        createdAt
      }
      letters {
        id
        address
        sha256
        createdAt
        downloadPath
        templateName
      }
    }
    messageTemplates {
      id
      name
      channel
      clientId
      versions {
        id
        status
      }
    }
  }
`);


export const SendSmsMutation = graphql(`
  mutation SendSms($input: SendSmsInput!) {
    sendSms(input: $input) {
      __typename
      ... on SmsMessage {
        id
        status
        body
      }
      ... on ContactBlocked {
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

export const GenerateLetterMutation = graphql(`
  mutation GenerateLetter($input: GenerateLetterInput!) {
    generateLetter(input: $input) {
      __typename
      ... on Letter {
        id
        downloadPath
      }
      ... on ContactBlocked {
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

export const LetterRegisterQuery = graphql(`
  query LetterRegister($first: Int, $after: String) {
    letterRegister(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          address
          sha256
          size
          createdAt
          downloadPath
          templateName
          templateVersion {
            version
          }
          createdBy {
            displayName
          }
          account {
            id
            bankRef
            client {
              name
            }
          }
        }
      }
    }
  }
`);
