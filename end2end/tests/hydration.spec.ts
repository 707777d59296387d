// With JavaScript: every page hydrates without errors (a CSP violation or a hydration
// mismatch shows up as a console error or a page error), and client-side navigation works.
import { expect, test, type Page } from './support/test';
import { currentAndPrevious, expectCategoriesRendered, versionIds } from './support/data';

const { current, previous } = currentAndPrevious();

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

async function expectHydrated(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

async function mainPages(page: Page): Promise<string[]> {
  const ids = await versionIds(page);
  const from = ids.get(previous.label);
  const to = ids.get(current.label);
  return ['/', '/privacy', '/privacy/history', `/privacy/history?from=${from}&to=${to}`, `/privacy/history/${from}`];
}

test('every page hydrates without console or page errors', async ({ page }) => {
  const paths = await mainPages(page);
  for (const path of paths) {
    await page.goto('about:blank');
    const errors = collectErrors(page);
    await page.goto(path);
    await expectHydrated(page);
    // Let the page settle after hydration (pending requests of the client finish).
    await page.waitForLoadState('networkidle');
    expect(errors, `errors on ${path}`).toEqual([]);
    page.removeAllListeners('console');
    page.removeAllListeners('pageerror');
  }
});

test('the page content survives hydration', async ({ page }) => {
  await page.goto('/privacy');
  await expectHydrated(page);
  await expectCategoriesRendered(page.locator('table.categories tbody'), 'th.category-name', current);
});

test('navigating from the menu loads /privacy and hydrates it again', async ({ page }) => {
  // Islands mode: pages are server-rendered and navigation is a normal page load, after
  // which the new page's islands hydrate.
  const errors = collectErrors(page);
  await page.goto('/');
  await expectHydrated(page);
  await page.locator('nav.site-nav a[href="/privacy"]').click();
  await page.waitForURL((url) => url.pathname === '/privacy');
  await expectCategoriesRendered(page.locator('table.categories tbody'), 'th.category-name', current);
  await expectHydrated(page);
  await expect(page.locator('nav.site-nav a[href="/privacy"]')).toHaveAttribute('aria-current', 'page');
  expect(errors).toEqual([]);
});

test('after navigating, the language switch returns to the new page', async ({ page }) => {
  await page.goto('/');
  await expectHydrated(page);
  await page.locator('nav.site-nav a[href="/privacy/history"]').click();
  await page.waitForURL((url) => url.pathname === '/privacy/history');
  await expect(page.locator('ol.versions > li').first()).toBeVisible();
  await page.locator('form.language-switch button[type="submit"]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(new URL(page.url()).pathname).toBe('/privacy/history');
  await expect(page.locator('nav.site-nav')).toContainText('Privacy notice');
  await expectHydrated(page);
});
