import type { Locator, Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { cents, formatUsd } from '../src/core/money.ts';
import type { StatementsResponse, TaxStatementsResponse } from '../src/documents/statements.schemas.ts';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { downloadPdfText, longDate } from './support/account-pages.ts';
import { signInThroughPage } from './support/staff-sign-in.ts';

/**
 * Issue 7: a borrower opens last month's statement, downloads it, and opens the year-end interest
 * statement, on the statements page of loan RIC-1001-2025. Maria Garcia (the borrower) signs in on
 * the desktop and James Smith (its co-signer, who sees the same statements) on the phone, each a
 * demo persona with a real authenticator code. The demo data has the statements the daily cycle
 * cut over the last months and the interest statement of last year (src/demo/demo-data.ts).
 */
const CONTRACT = 'RIC-1001-2025';
const PERSONAS = {
  desktop: { userId: 'maria.garcia', secret: 'IXBGAF5T66MFE6DKO37XMW2CLIWK4GSD' },
  phone: { userId: 'james.smith', secret: 'YR7FAQIBKBNSOOSUHTTFLMV2NQ2BJKR5' },
} as const;

const usd = (amount: number) => formatUsd(cents(amount));

/** Signs a demo persona in with an authenticator code no other test of this run has spent (support/staff-sign-in.ts). */
const signIn = (page: Page, persona: { userId: string; secret: string }) =>
  signInThroughPage(page, { userId: persona.userId, password: 'autofin-demo-2026', secret: persona.secret });

async function pdfTextAt(page: Page, url: string): Promise<string> {
  const res = await page.request.get(url);
  expect(res.ok()).toBe(true);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.body())), {
    mergePages: true,
  });
  return text.replace(/\s+/g, ' ');
}

test("a borrower opens last month's statement, downloads it, and opens the year-end interest statement", async ({
  page,
  pageProblems,
}, testInfo) => {
  // Sign-in (Argon2id), several PDFs and an axe scan on a busy two-core machine.
  test.setTimeout(120_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  pageProblems.allowFailedRequest('/api/v1/auth/factor');
  await signIn(page, PERSONAS[testInfo.project.name as keyof typeof PERSONAS]);

  await page.getByRole('link', { name: `Statements of account ${CONTRACT}` }).click();
  await expect(page).toHaveURL(`/accounts/${CONTRACT}/statements`);
  await expect(page.getByRole('heading', { name: 'Monthly statements' })).toBeVisible();

  // What the API lists for this session is what the page shows: the newest is last month's.
  const listed = (await (
    await page.request.get(`/api/v1/accounts/${CONTRACT}/statements`)
  ).json()) as StatementsResponse;
  const last = listed.statements[0]!;
  const table = page.getByRole('table', { name: 'Your monthly statements, newest first' });
  await expect(table.getByRole('row')).toHaveCount(listed.statements.length + 1);
  const month = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${last.closingDate}T00:00:00Z`),
  );
  const row = table.getByRole('row', { name: new RegExp(`^${month}`) });
  await expect(row).toContainText(usd(last.amountDueCents));

  // The newest statement is previewed on the page: what is due, by when, and how the balance moved.
  const preview = page.getByRole('region', { name: `Statement for ${month}` });
  await expect(preview.getByText('Amount due', { exact: true })).toBeVisible();
  await expect(preview).toContainText(usd(last.amountDueCents));
  await expect(preview.getByRole('heading', { name: 'Account summary' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Previewing the month before moves the reader to it.
  const before = listed.statements[1]!;
  const monthBefore = new Intl.DateTimeFormat('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${before.closingDate}T00:00:00Z`));
  await table.getByRole('button', { name: `Preview statement for ${monthBefore} on this page` }).click();
  const previewBefore = page.getByRole('region', { name: `Statement for ${monthBefore}` });
  await expect(previewBefore.getByRole('heading', { name: `Statement for ${monthBefore}` })).toBeFocused();
  await expect(previewBefore).toContainText(usd(before.amountDueCents));
  await saveScreenshot(page, 'statements');

  // Open: the statement in the browser's PDF viewer, in a new tab.
  expect(
    await pathOpenedInNewTab(
      page,
      row.getByRole('link', { name: `Open statement for ${month} (opens in a new tab)` }),
    ),
  ).toBe(`/api/v1/accounts/${CONTRACT}/statements/${last.id}.pdf`);
  const shown = await pdfTextAt(page, `/api/v1/accounts/${CONTRACT}/statements/${last.id}.pdf`);
  expect(shown).toContain(`Account ${CONTRACT} (retail installment contract)`);
  expect(shown).toContain(`Amount due: ${usd(last.amountDueCents)} by ${longDate(last.dueDate!)}`);

  // Download: the same statement saved as a file.
  const saved = await downloadPdfText(
    page,
    row.getByRole('link', { name: `Download statement for ${month}` }),
  );
  expect(saved).toBe(shown);
  expect(saved).toContain(`Statement period: ${longDate(last.periodStart)} to ${longDate(last.closingDate)}`);

  // The year-end interest statement of last year.
  const years = (await (
    await page.request.get(`/api/v1/accounts/${CONTRACT}/tax-statements`)
  ).json()) as TaxStatementsResponse;
  const yearEnd = years.taxStatements[0]!;
  const yearTable = page.getByRole('table', { name: 'Your year-end interest statements, newest first' });
  const yearRow = yearTable.getByRole('row', { name: new RegExp(`^${yearEnd.taxYear}`) });
  await expect(yearRow).toContainText(usd(yearEnd.interestPaidCents));
  expect(
    await pathOpenedInNewTab(
      page,
      yearRow.getByRole('link', {
        name: `Open interest statement for ${yearEnd.taxYear} (opens in a new tab)`,
      }),
    ),
  ).toBe(`/api/v1/accounts/${CONTRACT}/tax-statements/${yearEnd.taxYear}.pdf`);
  const interest = await pdfTextAt(
    page,
    `/api/v1/accounts/${CONTRACT}/tax-statements/${yearEnd.taxYear}.pdf`,
  );
  expect(interest).toContain(`Vehicle loan interest statement for ${yearEnd.taxYear}`);
  expect(interest).toContain(`Interest received in ${yearEnd.taxYear}: ${usd(yearEnd.interestPaidCents)}`);
  expect(interest).toContain('Vehicle identification number (VIN)');
});

/**
 * Clicks a link that opens a new tab and answers the path the tab navigated to. The tab's own URL is
 * not enough: a Chromium without a PDF viewer (the headless shell) downloads the file instead of
 * showing it, and the tab stays blank.
 */
async function pathOpenedInNewTab(page: Page, link: Locator): Promise<string> {
  // The new tab's navigation (its frame may not exist yet when the request is made, so the request
  // is told apart by being a navigation to a PDF: the page itself stays where it is).
  const navigation = page
    .context()
    .waitForEvent('request', (r) => r.isNavigationRequest() && new URL(r.url()).pathname.endsWith('.pdf'));
  const popup = page.waitForEvent('popup');
  await link.click();
  const [tab, request] = await Promise.all([popup, navigation]);
  await tab.close();
  return new URL(request.url()).pathname;
}
