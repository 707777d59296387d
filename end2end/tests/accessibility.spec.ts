// axe-core on every kind of page: no serious or critical violations.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './support/test';
import { currentAndPrevious, versionIds } from './support/data';

const { current, previous } = currentAndPrevious();

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  expect(serious, `axe violations on ${what}:\n${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

test('home', async ({ page }) => {
  await open(page, '/');
  await expectNoSeriousViolations(page, '/');
});

test('/privacy', async ({ page }) => {
  await open(page, '/privacy');
  await expect(page.locator('table.categories')).toBeVisible();
  await expectNoSeriousViolations(page, '/privacy');
});

test('/privacy/history', async ({ page }) => {
  await open(page, '/privacy/history');
  await expect(page.locator('form.compare')).toBeVisible();
  await expectNoSeriousViolations(page, '/privacy/history');
});

test('the diff page', async ({ page }) => {
  const ids = await versionIds(page);
  const path = `/privacy/history?from=${ids.get(previous.label)}&to=${ids.get(current.label)}`;
  await open(page, path);
  await expect(page.locator('[data-testid="category-changes"]')).toBeVisible();
  await expectNoSeriousViolations(page, path);
});

test('a version page', async ({ page }) => {
  const ids = await versionIds(page);
  const path = `/privacy/history/${ids.get(previous.label)}`;
  await open(page, path);
  await expect(page.locator('table.categories')).toBeVisible();
  await expectNoSeriousViolations(page, path);
});

test('the 404 page', async ({ page }) => {
  await open(page, '/no-such-page');
  await expect(page.locator('main h1')).toHaveText('ページが見つかりません');
  await expectNoSeriousViolations(page, '/no-such-page');
});

test('home in English', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
  await open(page, '/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoSeriousViolations(page, '/ (English)');
});

for (const path of ['/login', '/register', '/register/sent', '/register/complete', '/reset', '/reset/complete', '/recover/second-factor', '/staff/login', '/staff/setup']) {
  test(`identity page ${path}`, async ({ page }) => {
    await open(page, path);
    await expectNoSeriousViolations(page, path);
  });
}

test('a form showing its problems next to the fields', async ({ page }) => {
  await open(page, '/register');
  await page.getByRole('button', { name: '登録コードを郵送してもらう' }).click({ noWaitAfter: false });
  // The browser's own required-field check stops an empty form; post a wrong one instead.
  await page.getByLabel('記号', { exact: true }).fill('x');
  await page.getByLabel('番号', { exact: true }).fill('1');
  await page.getByLabel('枝番', { exact: true }).fill('0');
  await page.getByLabel('生年月日').fill('someday');
  await page.getByRole('button', { name: '登録コードを郵送してもらう' }).click();
  await expect(page.locator('.field__error').first()).toBeVisible();
  await expectNoSeriousViolations(page, '/register with errors');
});
