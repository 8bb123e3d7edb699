import type { Page } from '@playwright/test';
import type { AccountDetail } from '../src/accounts/accounts.schemas.ts';
import { cents, formatUsd } from '../src/core/money.ts';
import type { DocumentsResponse } from '../src/documents/document-center.schemas.ts';
import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, test } from './fixtures.ts';
import { downloadPdfText } from './support/account-pages.ts';
import { signInThroughPage } from './support/staff-sign-in.ts';

/**
 * Issue 7, item 3: a customer opens the document center from the navigation, filters it to contract
 * disclosures and downloads theirs. Maria Garcia (loan RIC-1001-2025: the Truth in Lending
 * disclosure) on the desktop, Aisha Johnson (lease LSE-2001-2025: the Regulation M disclosure) on
 * the phone. Every new-customer slot is taken by other specs, so these are demo personas, whom
 * sign-in-real.spec.ts and statements.spec.ts sign in too: see `signIn` for how they share codes.
 */
const PERSONAS = {
  desktop: { userId: 'maria.garcia', secret: 'IXBGAF5T66MFE6DKO37XMW2CLIWK4GSD', contract: 'RIC-1001-2025' },
  phone: { userId: 'aisha.johnson', secret: 'XDADSF6WGWDALEHYKEP5VAPIVJ6QVETA', contract: 'LSE-2001-2025' },
} as const;

const usd = (amount: number) => formatUsd(cents(amount));

/** Signs a demo persona in with an authenticator code no other test of this run has spent (support/staff-sign-in.ts). */
const signIn = (page: Page, persona: { userId: string; secret: string }) =>
  signInThroughPage(page, { userId: persona.userId, password: 'autofin-demo-2026', secret: persona.secret });

test('a customer filters the document center to contract disclosures and downloads theirs', async ({
  page,
  pageProblems,
}, testInfo) => {
  // Waiting out a spent authenticator step can take a minute or two.
  test.setTimeout(240_000);
  const persona = PERSONAS[testInfo.project.name as keyof typeof PERSONAS];
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  pageProblems.allowFailedRequest('/api/v1/auth/factor');
  await signIn(page, persona);

  await (await openNavigation(page)).getByRole('link', { name: 'Documents' }).click();
  await expect(page).toHaveURL('/documents');
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();

  // Everything the API lists for this session is in the table, newest first.
  const all = (await (await page.request.get('/api/v1/documents')).json()) as DocumentsResponse;
  expect(all.contractNumbers).toContain(persona.contract);
  const table = page.getByRole('table', { name: 'Your documents, newest first' });
  await expect(table.getByRole('row')).toHaveCount(all.documents.length + 1);
  await expect(page.getByText(`${all.documents.length} documents.`, { exact: true })).toBeVisible();

  await page.getByRole('button', { name: /Type$/ }).click();
  await page.getByRole('option', { name: 'Contract disclosure', exact: true }).click();
  await page.getByRole('button', { name: 'Show documents' }).click();
  await expect(page).toHaveURL('/documents?kind=contract_disclosure');
  await expect(table.getByRole('row')).toHaveCount(1 + all.contractNumbers.length);
  const row = table.getByRole('row', { name: new RegExp(`Contract disclosure.*${persona.contract}`) });
  await expect(row).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'documents');

  const text = await downloadPdfText(
    page,
    row.getByRole('link', {
      name: new RegExp(`^Download Contract disclosure, account ${persona.contract}, `),
    }),
  );
  expect(text).toContain('Rendered from the terms as boarded; the signed contract governs.');
  const account = (await (
    await page.request.get(`/api/v1/accounts/${persona.contract}`)
  ).json()) as AccountDetail;
  if (account.kind === 'retail_installment') {
    expect(text).toContain('Truth in Lending disclosure');
    expect(text).toContain(`The cost of your credit as a yearly rate. ${account.terms.aprPercent}%`);
    expect(text).toContain(
      `The dollar amount the credit will cost you. ${usd(account.terms.financeChargeCents)}`,
    );
    expect(text).toContain(
      `Amount financed The amount of credit provided to you or on your behalf. ${usd(account.terms.amountFinancedCents)}`,
    );
  } else {
    expect(text).toContain('Consumer lease disclosure');
    expect(text).toContain(`Gross capitalized cost ${usd(account.terms.grossCapCostCents)}`);
    expect(text).toContain(`Residual value ${usd(account.terms.residualValueCents)}`);
    expect(text).toContain(`Base monthly payment ${usd(account.terms.basePaymentCents)}`);
  }
});
