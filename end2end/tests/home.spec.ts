// The signed-in member's home, on a 360 px phone. Signing in lands on it; what needs the
// member first (here a 補正依頼 from the society) leads the page and opens the request; the
// header is one row with a menu that opens without JavaScript, and the public pages sit in
// the footer.
//
// The server runs on a database of its own, so the list holds only this spec's requests.
import * as path from 'node:path';
import { expect, test, type Browser, type Page } from './support/test';
import { E2E_DIR, totp } from './support/auth';
import { expectAccessible, registerMember, setUpStaff, signOut, sendRequest } from './support/journeys';
import { ownServer } from './support/own-server';

test.describe.configure({ mode: 'serial' });

const SERVER = ownServer(3118, '.tmp-home');
const PASSWORD = '朝は公園を一周します';
const STAFF_PASSWORD = 'the home shows what to do first';
const PHONE = { width: 360, height: 740 };

let clerk: Page;
let member: Page;
let secret = '';
let receipt = '';

async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  return (await browser.newContext({ baseURL: SERVER.url, viewport })).newPage();
}

test.beforeAll(async ({ browser }) => {
  await SERVER.start();
  clerk = await newPage(browser);
  member = await newPage(browser, PHONE);
  await setUpStaff(clerk, 'S650', '受付 一子', ['intake', 'reviewer'], STAFF_PASSWORD, SERVER.env);
  secret = await registerMember(member, clerk, { symbol: '1001', number: '23', branch: '00', birth: '1980-01-15' }, PASSWORD);
});

test.afterAll(async () => {
  await SERVER.stop();
});

test('signing in lands on the home, which leads with the 補正依頼 to answer', async () => {
  // Nothing to do yet: the home says so, and offers the tasks.
  await member.goto('/mypage');
  await expect(member.locator('[data-nothing-to-do]')).toBeVisible();
  await expect(member.getByRole('link', { name: /医療費のお知らせを見る/ })).toBeVisible();

  // A 訂正, and the society asks for more before deciding.
  await member.goto('/requests/new/correction?step=what');
  await member.getByLabel('訂正を求める項目').selectOption('address');
  await member.getByLabel('正しい内容').fill('東京都千代田区丸の内九丁目99番99号 あおばハイツ102（架空）');
  await member.getByLabel('誤っている理由').fill('部屋番号が違います。');
  receipt = await sendRequest(member);
  await clerk.goto(`/staff/requests/${receipt}`);
  await clerk.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
  await clerk.locator('textarea[name="message"]').fill('転居された日付を教えてください。');
  await clerk.getByRole('button', { name: '補正を依頼する', exact: true }).click();
  await expect(clerk.locator('.stage')).toHaveText('補正依頼中');

  // Signed out and in again: the home, with the request for information first.
  await signOut(member);
  await member.getByLabel('記号・番号・枝番、またはログインID').fill('1001-23-00');
  await member.getByLabel('パスワード').fill(PASSWORD);
  await member.getByLabel('確認コード（6桁）').fill(totp(secret, 1));
  await member.getByRole('button', { name: 'ログインする' }).click();
  await expect(member).toHaveURL(/\/mypage$/);
  const first = member.locator('.attention-list > li').first();
  await expect(first).toHaveAttribute('data-attention', receipt);
  await expect(first).toContainText('追加の情報・書類をお願いしています');
  await expect(first).toContainText(`訂正・追加・削除（受付番号 ${receipt}）`);
  // The first screen of a phone holds it.
  const box = await first.boundingBox();
  expect(box && box.y + box.height).toBeLessThanOrEqual(PHONE.height);
  await expectAccessible(member, 'the member home');
  await member.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'home-phone.png'), fullPage: true });

  await first.getByRole('link').click();
  await expect(member).toHaveURL(new RegExp(`/requests/${receipt}$`));
  await expect(member.locator('main')).toContainText('転居された日付を教えてください。');
});

test('on a phone the header is one row and its menu holds the account and sign-out', async () => {
  await member.goto('/mypage');
  const items = member.locator('.site-nav__row > li');
  await expect(items).toHaveCount(4);
  const tops = await items.evaluateAll((lis) => lis.map((li) => Math.round(li.getBoundingClientRect().top)));
  expect(new Set(tops).size, 'every item on one row').toBe(1);
  // …and no item's words broken over two lines.
  const heights = await items.evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect().height));
  expect(Math.max(...heights), 'each item on one line').toBeLessThan(60);
  const overflow = await member.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The public pages are in the footer, not the header.
  await expect(member.locator('.site-nav').getByRole('link', { name: '個人情報の公表事項' })).toBeHidden();
  await expect(member.locator('footer').getByRole('link', { name: '個人情報の公表事項' })).toBeVisible();
  await member.locator('.site-menu summary').click();
  await expect(member.locator('.site-menu').getByRole('link', { name: 'アカウント' })).toBeVisible();
  await expect(member.locator('.site-menu').getByRole('button', { name: 'ログアウト' })).toBeVisible();
});

test('without JavaScript the home and its menu work the same', async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: SERVER.url,
    viewport: PHONE,
    javaScriptEnabled: false,
    storageState: await member.context().storageState(),
  });
  const page = await context.newPage();
  await page.goto('/mypage');
  await expect(page.locator('.attention-list > li').first()).toHaveAttribute('data-attention', receipt);
  await page.locator('.site-menu summary').click();
  await page.locator('.site-menu').getByRole('link', { name: 'アカウント' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await context.close();
});
