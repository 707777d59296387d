// Without JavaScript the server-rendered pages are complete and the forms work.
import { expect, test, type Page } from './support/test';
import {
  currentAndPrevious,
  expectCategoriesRendered,
  expectedCategoryChanges,
  loadVersions,
  versionIds,
} from './support/data';

const { current, previous } = currentAndPrevious();

async function switchLanguage(page: Page, buttonText: string, expectedLang: 'ja' | 'en'): Promise<void> {
  const before = new URL(page.url());
  const button = page.locator('form.language-switch button[type="submit"]');
  await expect(button).toHaveCount(1);
  await expect(button).toHaveText(buttonText);
  await button.click();
  await expect(page.locator('html')).toHaveAttribute('lang', expectedLang);
  const after = new URL(page.url());
  expect(after.pathname).toBe(before.pathname);
  expect(after.search).toBe(before.search);
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('home renders the current categories', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('main h1')).toHaveText('加入者ポータル「窓口」');
    await expectCategoriesRendered(page.locator('main'), '.category-name', current);
  });

  test('/privacy renders the current publication', async ({ page }) => {
    await page.goto('/privacy');
    await expectCategoriesRendered(page.locator('table.categories tbody'), 'th.category-name', current);
    await expect(page.locator('table.fees')).toBeVisible();
    await expect(page.locator('#sec-complaints')).toBeVisible();
  });

  test('/privacy/history renders the versions', async ({ page }) => {
    await page.goto('/privacy/history');
    const items = page.locator('ol.versions > li');
    const versions = loadVersions();
    await expect(items).toHaveCount(versions.length);
    for (const v of versions) {
      await expect(items.filter({ hasText: v.label })).toHaveCount(1);
      await expect(items.filter({ hasText: v.label }).locator('a[href^="/privacy/history/"]')).toBeVisible();
    }
    await expect(page.locator('form.compare')).toBeVisible();
  });

  test('the language switch goes to English and back on the same page', async ({ page }) => {
    await page.goto('/privacy');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.locator('nav.site-nav')).toContainText('個人情報の公表事項');

    await switchLanguage(page, 'English', 'en');
    await expect(page.locator('nav.site-nav')).toContainText('Privacy notice');
    await expect(page.locator('nav.site-nav')).not.toContainText('個人情報の公表事項');
    // The publication itself is still there.
    await expectCategoriesRendered(page.locator('table.categories tbody'), 'th.category-name', current);

    // The choice sticks: another page is in English too.
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.goto('/privacy');

    await switchLanguage(page, '日本語', 'ja');
    await expect(page.locator('nav.site-nav')).toContainText('個人情報の公表事項');
    await expect(page.locator('nav.site-nav')).not.toContainText('Privacy notice');
  });

  test('the language switch keeps the query of the page', async ({ page }) => {
    const ids = await versionIds(page);
    await page.goto(`/privacy/history?from=${ids.get(previous.label)}&to=${ids.get(current.label)}`);
    await switchLanguage(page, 'English', 'en');
    await expect(page.locator('[data-testid="category-changes"] > li')).toHaveCount(
      expectedCategoryChanges(previous, current).length,
    );
    await switchLanguage(page, '日本語', 'ja');
  });

  test('the compare form works', async ({ page }) => {
    const ids = await versionIds(page);
    const fromId = ids.get(previous.label)!;
    const toId = ids.get(current.label)!;
    await page.locator('#compare-from').selectOption(fromId);
    await page.locator('#compare-to').selectOption(toId);
    await page.locator('form.compare button[type="submit"]').click();
    await page.waitForURL(
      (url) => url.searchParams.get('from') === fromId && url.searchParams.get('to') === toId,
    );
    const pairs = await page
      .locator('[data-testid="category-changes"] > li')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-change-id')}:${e.getAttribute('data-change')}`));
    expect(pairs.sort()).toEqual(expectedCategoryChanges(previous, current));
  });
});
