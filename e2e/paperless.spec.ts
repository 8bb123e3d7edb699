import { extractText, getDocumentProxy } from 'unpdf';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { mailsTo } from './support/autopay.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';
import { openSupportConsole, STAFF } from './support/staff-sign-in.ts';

/**
 * Paperless, as a new customer of the demo portfolio: from the profile's preferences to the paperless
 * page, read the E-SIGN disclosure, open the test PDF and type back the code it shows (the code is
 * only in the PDF), agree, and paperless is on (the disclosure is mailed); then back to paper after
 * a confirmation. Slots 40 (desktop) and 37 (phone; 37's other use is on the time-travel portal).
 */
const SLOTS = { desktop: 40, phone: 37 } as const;

test('a customer turns paperless on through the E-SIGN consent, then goes back to paper', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  test.setTimeout(240_000);
  const customer = await registerCustomer(
    request,
    testInfo.project.name === 'phone' ? SLOTS.phone : SLOTS.desktop,
  );
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  pageProblems.allowFailedRequest('/api/v1/paperless/consent');
  await signInThroughPage(page, customer);

  await page.goto('/profile');
  await expect(page.getByTestId('paperless-preference')).toContainText('off, your statements come by mail.');
  await page.getByRole('link', { name: 'Go paperless: read the consent and turn it on' }).click();
  await expect(page).toHaveURL('/paperless');
  await expect(page.getByRole('heading', { level: 1, name: 'Paperless statements' })).toBeVisible();
  await expect(page.getByTestId('paperless-status')).toHaveText(
    'Paperless is off: your statements come by mail.',
  );
  const disclosure = page.getByRole('region', { name: 'Consent to electronic documents' });
  await expect(disclosure).toContainText('free of charge');
  await expect(disclosure).toContainText('withdraw your consent');
  await expectNoAxeViolations(page);

  // Both are required: the agreement and the code.
  await page.getByRole('button', { name: 'Go paperless' }).click();
  await expect(page.getByText('Enter the code shown in the test document.')).toBeVisible();
  await expect(
    page.getByText('To go paperless, agree to receive your documents electronically.'),
  ).toBeVisible();

  // A wrong code is refused beside the field.
  await page.getByRole('textbox', { name: 'Code from the test document' }).fill('ZZZZZZ');
  // The box drawn over the hidden input takes the pointer, so choose it as a keyboard user does.
  const agree = page.getByRole('checkbox', { name: /I agree to receive my documents electronically/ });
  await agree.focus();
  await page.keyboard.press('Space');
  await expect(agree).toBeChecked();
  await page.getByRole('button', { name: 'Go paperless' }).click();
  await expect(page.getByText('That is not the code in the test document.')).toBeVisible();
  await expectNoAxeViolations(page);

  // The code is in the PDF the link opens, and nowhere on the page.
  const link = page.getByRole('link', { name: /Open the test document/ });
  const pdf = await page.request.get((await link.getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.body())), {
    mergePages: true,
  });
  const code = /Your code: ([A-Z0-9]{6})/.exec(text.replace(/\s+/g, ' '))?.[1];
  expect(code).toBeDefined();
  await expect(page.locator('body')).not.toContainText(code!);

  await page.getByRole('textbox', { name: 'Code from the test document' }).fill(code!);
  await page.getByRole('button', { name: 'Go paperless' }).click();
  await expect(page.getByTestId('paperless-status')).toHaveText(
    'Paperless is on: your documents come electronically.',
  );
  await expect(
    page.getByText('Paperless is on. We emailed you a copy of the disclosure you accepted.'),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'paperless-on');
  const [mail] = await mailsTo(page, customer.email, 'paperless-consent');
  expect(mail?.text).toContain('You consented to get your statements, notices and letters electronically.');

  // The preferences say so.
  await page.getByRole('link', { name: 'Back to your profile and preferences' }).click();
  await expect(page.getByTestId('paperless-preference')).toContainText(
    'on, your documents come electronically.',
  );
  await page.getByRole('link', { name: 'Manage paperless statements' }).click();

  // Back to paper, after a confirmation.
  await page.getByRole('button', { name: 'Go back to paper' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Get your statements by mail again?' });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Yes, send them by mail' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('paperless-status')).toHaveText(
    'Paperless is off: your statements come by mail.',
  );
  expect(await mailsTo(page, customer.email, 'paperless-withdrawn')).toHaveLength(1);
});

test('a supervisor sees the paper statements waiting for the mail house and the undelivered messages', async ({
  page,
  pageProblems,
}, testInfo) => {
  test.skip(
    testInfo.project.name !== 'desktop',
    'one supervisor sign-in is enough; the pages are the console’s',
  );
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await openSupportConsole(page, STAFF.supervisor);
  await page.getByRole('link', { name: 'Undelivered messages' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Undelivered messages' })).toBeVisible();
  // Without SMTP_URL the demo's mail waits in the outbox: nothing was tried, so nothing is dead.
  await expect(page.getByText('No message has failed every attempt.')).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto('/staff/daily-cycle');
  const print = page.getByRole('region', { name: 'Paper statements for the mail house' });
  await expect(print).toContainText(/waiting for the next print file/);
  await expectNoAxeViolations(page);
});
