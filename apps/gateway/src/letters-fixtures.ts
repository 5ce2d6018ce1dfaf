// Test helper (not a spec): templates approved by the bank, and requests at a fixed test clock.
import { expect } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { assertNoLeak, type GqlResponse, type TestGateway } from './test-gateway.js';

/** A GraphQL request at a fixed test clock (the header only a NODE_ENV=test gateway honours). */
export async function gqlAt<T = Record<string, any>>(t: TestGateway, now: string, query: string, variables: Record<string, unknown>, token: string): Promise<GqlResponse<T>> {
  const res = await t.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': now }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GqlResponse['errors'] };
  assertNoLeak(body.errors);
  return { status: res.status, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.code, headers: res.headers };
}

export const CREATE_TEMPLATE = `mutation($input: CreateMessageTemplateInput!) { createMessageTemplate(input: $input) { __typename
  ... on MessageTemplate { id name channel versions { id version status } } ... on NotEligible { code message } } }`;
export const SUBMIT = `mutation($v: ID!) { submitMessageTemplateVersion(versionId: $v) { __typename ... on MessageTemplateVersion { id status } ... on NotEligible { code message } } }`;
export const DECIDE = `mutation($v: ID!, $ok: Boolean!, $note: String) { decideMessageTemplateVersion(versionId: $v, approve: $ok, note: $note) { __typename
  ... on MessageTemplateVersion { id status decisionNote } ... on NotEligible { code message } } }`;

/** Creates a template for a bank (agency admin), submits it and, unless told otherwise, has the bank approve it. */
export async function bankTemplate(
  t: TestGateway,
  tokens: { admin: string; bank: string },
  input: { clientId: string; channel: 'SMS' | 'LETTER'; name: string; body: string; title?: string },
  approve = true,
): Promise<{ templateId: string; versionId: string }> {
  const created = await t.gql(CREATE_TEMPLATE, { input: { agencyPhone: '400-800-1234', ...input, clientId: toGlobalId('Client', input.clientId) } }, tokens.admin);
  expect(created.data!.createMessageTemplate.__typename).toBe('MessageTemplate');
  const templateId = created.data!.createMessageTemplate.id as string;
  const versionId = created.data!.createMessageTemplate.versions[0].id as string;
  const submitted = await t.gql(SUBMIT, { v: versionId }, tokens.admin);
  expect(submitted.errors).toBeUndefined();
  expect(submitted.data!.submitMessageTemplateVersion).toMatchObject({ status: 'SUBMITTED' });
  if (approve) {
    const decided = await t.gql(DECIDE, { v: versionId, ok: true }, tokens.bank);
    expect(decided.errors).toBeUndefined();
    expect(decided.data!.decideMessageTemplateVersion).toMatchObject({ status: 'APPROVED' });
  }
  return { templateId, versionId };
}
