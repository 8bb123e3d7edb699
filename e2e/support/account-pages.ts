import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { calendarDate, dateParts } from '../../src/core/dates.ts';

/**
 * Steps and readings shared by the specs of a contract's pages (overview, payoff), so each spec
 * asserts what the customer sees without its own copy of how the page is built.
 */

/** The value beside a term's name in a list of figures (the overview's terms and balances). */
export function termValue(page: Page, name: string): Locator {
  return page.locator('.result-list__item', { has: page.getByText(name, { exact: true }) }).locator('dd');
}

/** Types a date into the payoff page's react-aria date field, segment by segment, as a keyboard user would. */
export async function chooseGoodThrough(page: Page, date: string): Promise<void> {
  const { year, month, day } = dateParts(calendarDate(date));
  const field = page.getByRole('group', { name: 'Good through' });
  await field.getByRole('spinbutton').first().click();
  await page.keyboard.type(`${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${year}`);
}

/** Clicks `link`, waits for the download and returns the PDF's text, runs of white space made one space. */
export async function downloadPdfText(page: Page, link: Locator): Promise<string> {
  const download = page.waitForEvent('download');
  await link.click();
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(await (await download).path())));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

/** A business date as the payoff letter writes it ("December 12, 2026"). */
export function longDate(date: string): string {
  const { year, month, day } = dateParts(calendarDate(date));
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, day),
  );
}
