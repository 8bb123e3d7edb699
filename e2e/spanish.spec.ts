import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { registerCustomer, totpCode } from './support/new-customer.ts';

/** A US-dollar amount as es-US writes it: "$1,234.56", the same as English ("US$" or "1.234,56" would be wrong). */
const DOLLARS = /^-?\$\d{1,3}(,\d{3})*\.\d\d$/;
/** A date as DateDisplay writes it in Spanish ("5 ene 2027"): the month in words, so day and month cannot be confused. */
const SPANISH_DATE = /^\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.? \d{4}$/;

test('a customer switches to Spanish, keeps it after a reload and sees their account in Spanish', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  // A whole journey (registration, sign-in with a second factor, two axe scans): more than the default time.
  test.slow();
  // Slot 7 on the desktop project, 8 on the phone project: each registers once per server run.
  const customer = await registerCustomer(request, testInfo.project.name === 'phone' ? 8 : 7);

  await page.goto('/sign-in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // In the header, not behind the Menu button, so a phone reaches it in one step too.
  const toSpanish = page.getByRole('banner').getByRole('button', { name: 'Español' });
  await expect(toSpanish.locator('[lang="es"]')).toHaveText('Español');
  await toSpanish.click();

  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();
  await expect(page).toHaveTitle('Iniciar sesión · Autofin');
  const toEnglish = page.getByRole('banner').getByRole('button', { name: 'English' });
  await expect(toEnglish.locator('[lang="en"]')).toHaveText('English');

  // The page's own check of an empty form speaks Spanish too.
  await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
  await expect(page.getByText('Hay un problema')).toBeVisible();
  await expect(page.getByLabel('Id. de usuario')).toHaveAccessibleDescription('Ingrese su Id. de usuario.');
  await expect(page.getByRole('link', { name: 'Id. de usuario: Ingrese su Id. de usuario.' })).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'spanish-sign-in');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible();

  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await page.getByLabel('Id. de usuario').fill(customer.userId);
  await page.getByLabel('Contraseña', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
  await expect(page).toHaveURL('/sign-in/verify');
  await expect(page.getByRole('heading', { level: 1, name: 'Confirme que es usted' })).toBeVisible();
  await page.getByLabel('Código de 6 dígitos').fill(totpCode(customer.totpSecret));
  await page.getByRole('button', { name: 'Continuar' }).click();

  await expect(page).toHaveURL('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Su cuenta' })).toBeVisible();
  await expect(page.getByText(`Sesión iniciada como ${customer.displayName}`)).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: /RIC-300[78]-2025/ });
  await expect(card.getByText('Próximo pago')).toBeVisible();
  await expect(card.getByText('Pago automático', { exact: true })).toBeVisible();
  await expect(card.getByRole('link', { name: 'Hacer un pago' })).toBeVisible();
  const amounts = await card.locator('.money').allTextContents();
  expect(amounts.length).toBeGreaterThan(0);
  for (const amount of amounts) expect(amount).toMatch(DOLLARS);
  const dates = await card.locator('time').allTextContents();
  expect(dates.length).toBeGreaterThan(0);
  for (const date of dates) expect(date).toMatch(SPANISH_DATE);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'spanish-account');

  // Back to English, signed in: the same switcher, the other way.
  await toEnglish.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
});
