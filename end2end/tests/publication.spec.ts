// The 公表事項 as published: every category and purpose of the data files, and the
// differences between versions, computed here from the same files.
import { expect, test, type Page } from './support/test';
import {
  currentAndPrevious,
  expectCategoriesRendered,
  expectedCategoryChanges,
  loadVersions,
  unchangedCategoryIds,
  versionIds,
} from './support/data';

const { current, previous } = currentAndPrevious();

/** The `data-change-id:data-change` pairs the diff shows, sorted. */
async function shownCategoryChanges(page: Page): Promise<string[]> {
  const items = page.locator('[data-testid="category-changes"] > li');
  await expect(items.first()).toBeVisible();
  const pairs = await items.evaluateAll((els) =>
    els.map((e) => `${e.getAttribute('data-change-id')}:${e.getAttribute('data-change')}`),
  );
  return pairs.sort();
}

async function expectDiffOfPreviousToCurrent(page: Page): Promise<void> {
  const expected = expectedCategoryChanges(previous, current);
  // The demo data must contain differences, or this test would prove nothing.
  expect(expected.length, `${previous.file} → ${current.file} differ`).toBeGreaterThan(0);
  await expect(page.locator('#diff-heading')).toContainText(previous.label);
  await expect(page.locator('#diff-heading')).toContainText(current.label);
  expect(await shownCategoryChanges(page)).toEqual(expected);
  const unchanged = unchangedCategoryIds(previous, current);
  expect(unchanged.length, 'some categories are unchanged').toBeGreaterThan(0);
  for (const id of unchanged) {
    await expect(page.locator(`[data-testid="category-changes"] [data-change-id="${id}"]`)).toHaveCount(0);
  }
}

test.describe('current publication', () => {
  test('home lists every category and purpose of the current version', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('main h1')).toHaveText('加入者ポータル「窓口」');
    await expectCategoriesRendered(page.locator('main'), '.category-name', current);
  });

  test('/privacy shows every category and purpose of the current version', async ({ page }) => {
    await page.goto('/privacy');
    await expect(page.locator('main .publication__meta')).toContainText(current.label);
    await expectCategoriesRendered(page.locator('table.categories tbody'), 'th.category-name', current);
    await expect(page.locator('table.fees')).toBeVisible();
    await expect(page.locator('table.fees tbody tr').first()).toBeVisible();
    await expect(page.locator('#sec-complaints')).toBeVisible();
    await expect(page.locator('#sec-specific')).toBeVisible();
  });
});

test.describe('history', () => {
  test('the history lists every version', async ({ page }) => {
    const ids = await versionIds(page);
    expect([...ids.keys()].sort()).toEqual(loadVersions().map((v) => v.label).sort());
    expect(new Set(ids.values()).size, 'distinct ids').toBe(ids.size);
  });

  test('an older version shows every category and purpose of its file', async ({ page }) => {
    const ids = await versionIds(page);
    await page.goto(`/privacy/history/${ids.get(previous.label)}`);
    await expect(page.locator('main .publication__meta')).toContainText(previous.label);
    await expectCategoriesRendered(page.locator('table.categories tbody'), 'th.category-name', previous);
  });

  test('every version page shows its own file', async ({ page }) => {
    const ids = await versionIds(page);
    for (const v of loadVersions()) {
      await page.goto(`/privacy/history/${ids.get(v.label)}`);
      await expect(page.locator('main .publication__meta')).toContainText(v.label);
      await expectCategoriesRendered(page.locator('table.categories tbody'), 'th.category-name', v);
    }
  });

  test('the compare form shows exactly the changed categories', async ({ page }) => {
    const ids = await versionIds(page);
    const fromId = ids.get(previous.label)!;
    const toId = ids.get(current.label)!;
    // No comparison before the form is submitted.
    await expect(page.locator('[data-testid="category-changes"]')).toHaveCount(0);
    // By default the form compares the previous version with the current one.
    await expect(page.locator('#compare-from')).toHaveValue(fromId);
    await expect(page.locator('#compare-to')).toHaveValue(toId);
    // Pick them explicitly anyway (select something else first so the choice matters).
    await page.locator('#compare-from').selectOption(toId);
    await page.locator('#compare-from').selectOption(fromId);
    await page.locator('#compare-to').selectOption(fromId);
    await page.locator('#compare-to').selectOption(toId);
    await page.locator('form.compare button[type="submit"]').click();
    await page.waitForURL(
      (url) =>
        url.pathname === '/privacy/history' &&
        url.searchParams.get('from') === fromId &&
        url.searchParams.get('to') === toId,
    );
    await expectDiffOfPreviousToCurrent(page);
  });

  test('the diff URL shows exactly the changed categories', async ({ page }) => {
    const ids = await versionIds(page);
    await page.goto(`/privacy/history?from=${ids.get(previous.label)}&to=${ids.get(current.label)}`);
    await expectDiffOfPreviousToCurrent(page);
  });

  test('the reverse diff swaps additions and removals', async ({ page }) => {
    const ids = await versionIds(page);
    await page.goto(`/privacy/history?from=${ids.get(current.label)}&to=${ids.get(previous.label)}`);
    const expected = expectedCategoryChanges(current, previous);
    expect(expected.length).toBeGreaterThan(0);
    expect(await shownCategoryChanges(page)).toEqual(expected);
  });

  test('a version compared with itself has no category changes', async ({ page }) => {
    const ids = await versionIds(page);
    const id = ids.get(current.label);
    await page.goto(`/privacy/history?from=${id}&to=${id}`);
    await expect(page.locator('#diff-heading')).toBeVisible();
    await expect(page.locator('[data-testid="category-changes"]')).toHaveCount(0);
  });
});
