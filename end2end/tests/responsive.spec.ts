// On a small phone (360×740) no page scrolls sideways and the main heading is visible.
import { expect, test } from './support/test';
import { currentAndPrevious, versionIds } from './support/data';

const { current, previous } = currentAndPrevious();

test.use({ viewport: { width: 360, height: 740 } });

test('main pages fit a 360 px wide screen', async ({ page }) => {
  const ids = await versionIds(page);
  const from = ids.get(previous.label);
  const to = ids.get(current.label);
  const paths = ['/', '/privacy', '/privacy/history', `/privacy/history?from=${from}&to=${to}`, `/privacy/history/${from}`];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await expect(page.locator('main h1'), `heading of ${path}`).toBeVisible();
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.client, 'viewport width').toBe(360);
    expect(widths.scroll, `horizontal overflow on ${path}`).toBeLessThanOrEqual(360);
  }
});
