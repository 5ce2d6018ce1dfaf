import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, baseURL, byTestId, DEMO, launch, login, newPage, pickOption, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Downloads through the page's button and returns the saved file's path. */
async function downloadVia(page: Page, testId: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, testId).click()]);
  const file = await download.path();
  if (!file) throw new Error(`no file for ${testId}`);
  return file;
}

describe('legal-case handoff', () => {
  it('supervisor refers, the bank authorises, the lawyer works the one case, staff confirm the recovery', async () => {
    // The account the supervisor will pick: Demo Bank A's first eligible account whose case file is complete.
    const supervisorToken = await apiLogin(DEMO.supervisor);
    const me = await api<{ me: { clients: { id: string; name: string }[] } }>('{ me { clients { id name } } }', {}, supervisorToken);
    const bankA = me.me.clients.find((c) => c.name === 'Demo Bank A')!;
    const candidates = await api<{ legalCandidates: { edges: { node: { accountId: string; bankRef: string; eligible: boolean; missing: string[] } }[] } }>(
      'query($c: ID!) { legalCandidates(clientId: $c, first: 50, eligibleOnly: true) { edges { node { accountId bankRef eligible missing } } } }',
      { c: bankA.id },
      supervisorToken,
    );
    const target = candidates.legalCandidates.edges.map((e) => e.node).find((n) => n.eligible && n.missing.length === 0);
    expect(target, 'the demo seed gives Demo Bank A complete, eligible accounts').toBeTruthy();

    // 1. The supervisor refers it to the demo law firm.
    {
      const { context, page } = await newPage(browser);
      await login(page, DEMO.supervisor);
      await page.goto(`/legal/candidates?client=${encodeURIComponent(bankA.id)}`);
      await byTestId(page, 'candidates-page').waitFor();
      const row = page.locator(`tr[data-row-key="${target!.accountId}"]`);
      await row.waitFor();
      await screenshot(page, 'legal-candidates');
      await row.locator('input[type="checkbox"]').check();
      await pickOption(page, 'refer-firm', 'Demo Law Firm');
      await byTestId(page, 'refer-submit').click();
      await page.locator('.ant-message-success').waitFor();
      await context.close();
    }

    // 2. Demo Bank A's user authorises the suit.
    {
      const { context, page } = await newPage(browser);
      await login(page, DEMO.bankA);
      await page.goto('/bank/authorisations');
      await byTestId(page, 'authorisations-page').waitFor();
      const row = page.locator('[data-testid="authorisation-list"] tbody tr.ant-table-row');
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.first().textContent()).toContain(target!.bankRef);
      await screenshot(page, 'legal-bank-authorisation');
      await byTestId(page, 'authorise-0').click();
      await page.locator('.ant-message-success').waitFor();
      await expect.poll(() => row.count()).toBe(0);
      await context.close();
    }

    // 3. The demo lawyer sees that one case and nothing else, checks the file and works the case.
    let caseUrl = '';
    {
      const { context, page } = await newPage(browser);
      await login(page, DEMO.lawyer);
      await byTestId(page, 'cases-page').waitFor();
      const rows = page.locator('[data-testid="legal-cases"] tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain(target!.bankRef);
      const lawyerToken = await apiLogin(DEMO.lawyer);
      const seen = await api<{ legalCases: { edges: unknown[] }; node: unknown }>(
        'query($a: ID!) { legalCases(first: 50) { edges { node { id } } } node(id: $a) { id } }',
        { a: target!.accountId },
        lawyerToken,
      );
      expect(seen.legalCases.edges).toHaveLength(1);
      expect(seen.node).toBeNull();

      await byTestId(page, `case-link-${target!.bankRef}`).click();
      await byTestId(page, 'case-page').waitFor();
      caseUrl = new URL(page.url()).pathname;
      await byTestId(page, 'doc-sha-statement_pdf').waitFor();
      const pdf = await downloadVia(page, 'doc-download-statement_pdf');
      expect(sha256(pdf)).toBe(await byTestId(page, 'doc-sha-statement_pdf').getAttribute('title'));
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const manifestFile = await downloadVia(page, 'doc-download-manifest');
      expect(sha256(manifestFile)).toBe((await byTestId(page, 'manifest-sha').textContent())?.trim());
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { documents: { kind: string; sha256: string }[] };
      expect(manifest.documents.map((d) => d.kind)).toEqual(expect.arrayContaining(['statement_pdf', 'card_agreement', 'application', 'authorisation']));
      expect(manifest.documents.find((d) => d.kind === 'statement_pdf')!.sha256).toBe(sha256(pdf));
      await byTestId(page, 'doc-verify-card_agreement').click();
      await byTestId(page, 'doc-verified-card_agreement').waitFor();

      await byTestId(page, 'move-ACCEPTED').click();
      await expect.poll(() => byTestId(page, 'case-status').getAttribute('data-status')).toBe('ACCEPTED');
      await byTestId(page, 'move-court').fill('北京市朝阳区人民法院');
      await byTestId(page, 'move-FILED').click();
      await expect.poll(() => byTestId(page, 'case-status').getAttribute('data-status')).toBe('FILED');
      await byTestId(page, 'cost-amount').fill('300.00');
      await byTestId(page, 'cost-submit').click();
      await byTestId(page, 'cost-awaiting-0').waitFor();
      await byTestId(page, 'recovery-amount').fill('1500.00');
      await byTestId(page, 'recovery-note').fill('执行回款');
      await byTestId(page, 'recovery-submit').click();
      await byTestId(page, 'recovery-status-0').waitFor();
      await screenshot(page, 'legal-lawyer-case');
      // Nothing of the agency is open to the lawyer.
      await page.goto('/accounts');
      expect(await byTestId(page, 'account-page').count()).toBe(0);
      await context.close();
    }

    // 4. Agency staff book the firm's cost and confirm the recovery; both reach the ledger, the
    //    recovery shows on the account and in the bank's collection report.
    {
      const { context, page } = await newPage(browser);
      await login(page, DEMO.supervisor);
      await page.goto(caseUrl);
      await byTestId(page, 'cost-post-0').click();
      await byTestId(page, 'cost-posted-0').waitFor();
      await byTestId(page, 'recovery-confirm-0').click();
      await expect.poll(() => byTestId(page, 'recovery-status-0').textContent()).toContain('已确认');
      const day = (offset: number) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offset * 86_400_000));
      const report = await fetch(`${baseURL()}/api/clients/${encodeURIComponent(bankA.id)}/collection-report.csv?from=${day(-1)}&to=${day(1)}`, {
        headers: { authorization: `Bearer ${await apiLogin(DEMO.bankA)}` },
      });
      expect(report.status).toBe(200);
      expect(await report.text()).toMatch(new RegExp(`^payment,.*,${target!.bankRef},LEGAL-RECOVERY-[0-9a-f-]+,posted,1500.00,`, 'm'));
      await screenshot(page, 'legal-staff-confirmed');
      await page.goto(`/accounts/${encodeURIComponent(target!.accountId)}`);
      await byTestId(page, 'account-legal-status').waitFor();
      expect(await byTestId(page, 'account-legal-status').getAttribute('data-status')).toBe('FILED');
      expect(await byTestId(page, 'account-legal-recovered').textContent()).toContain('1,500.00');
      await context.close();
    }
  });
});
