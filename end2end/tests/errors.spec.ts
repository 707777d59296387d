// Error pages: the right HTTP status and a message in the reader's language.
import { expect, test } from './support/test';
import { currentAndPrevious, versionIds } from './support/data';

const { current } = currentAndPrevious();

test('an unknown page is a 404 with a Japanese heading', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.locator('main h1')).toHaveText('ページが見つかりません');
});

test('with the English cookie the 404 page is in English', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('main h1')).toHaveText('Page not found');
});

test('a malformed version id is a 400', async ({ page }) => {
  const response = await page.goto('/privacy/history/abc');
  expect(response?.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('版の番号が正しくありません');
  // Still shown once the page is interactive.
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('alert')).toContainText('版の番号が正しくありません');
});

test('a malformed id in the comparison is a 400', async ({ page }) => {
  const ids = await versionIds(page);
  const response = await page.goto(`/privacy/history?from=abc&to=${ids.get(current.label)}`);
  expect(response?.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('版の番号が正しくありません');
  await expect(page.locator('[data-testid="category-changes"]')).toHaveCount(0);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('alert')).toContainText('版の番号が正しくありません');
});

test('a version that does not exist is a 404', async ({ page }) => {
  const ids = await versionIds(page);
  const missing = '999';
  expect([...ids.values()]).not.toContain(missing);
  const response = await page.goto(`/privacy/history/${missing}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('alert')).toContainText('指定された版はありません');
  await expect(page.locator('table.categories')).toHaveCount(0);
});
