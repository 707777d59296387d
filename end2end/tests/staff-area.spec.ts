// With the staff area on its own address, each address serves only its own area.
import { expect, test } from './support/test';

const MEMBERS = 'http://127.0.0.1:3102';
const STAFF = 'http://127.0.0.1:3103';

test('the staff address serves the staff area and refuses member pages', async ({ page }) => {
  await page.goto(`${STAFF}/staff/login`);
  await expect(page.getByRole('heading', { name: '職員ログイン' })).toBeVisible();
  const memberPage = await page.goto(`${STAFF}/privacy`);
  expect(memberPage?.status()).toBe(404);
  const login = await page.goto(`${STAFF}/login`);
  expect(login?.status()).toBe(404);
});

test('the member address refuses the staff area', async ({ page }) => {
  const staff = await page.goto(`${MEMBERS}/staff/login`);
  expect(staff?.status()).toBe(404);
  const privacy = await page.goto(`${MEMBERS}/privacy`);
  expect(privacy?.status()).toBe(200);
});
