// The 開示 form in steps on a 360 px phone, as an elderly member would use it: どなたの →
// 内容 (「すべての情報」 or kinds in plain groups) → 受け取り方 (download or post, explained)
// → 確認 (everything chosen, the fee and how to pay it) → 完了. A confirmation tampered
// with in the page is refused with the reason and nothing is sent; without JavaScript
// each step is a page of its own.
//
// The server runs on a database of its own, so this member's requests are only these.
import { expect, test, type Browser, type Page } from './support/test';
import * as path from 'node:path';
import { E2E_DIR, totp } from './support/auth';
import { expectAccessible, nextStep, registerMember, setUpStaff, toConfirmation } from './support/journeys';
import { ownServer } from './support/own-server';

test.describe.configure({ mode: 'serial' });

const SERVER = ownServer(3119, '.tmp-steps');
const PASSWORD = '紅葉の季節に庭を掃く';
const STAFF_PASSWORD = 'a request in steps on a phone';
const PHONE = { width: 360, height: 740 };

let member: Page;
let secret = '';

async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  return (await browser.newContext({ baseURL: SERVER.url, viewport: PHONE, javaScriptEnabled })).newPage();
}

async function requestCount(page: Page): Promise<number> {
  await page.goto('/requests');
  return page.locator('[data-receipt]').count();
}

test.beforeAll(async ({ browser }) => {
  await SERVER.start();
  const clerk = await (await browser.newContext({ baseURL: SERVER.url })).newPage();
  member = await newPage(browser);
  await setUpStaff(clerk, 'S660', '受付 段子', ['intake'], STAFF_PASSWORD, SERVER.env);
  secret = await registerMember(member, clerk, { symbol: '1005', number: '8', branch: '00', birth: '1962-12-24' }, PASSWORD);
});

test.afterAll(async () => {
  await SERVER.stop();
});

test('a 開示 in steps: all the information, download, the confirmation with the fee, sent', async () => {
  await member.goto('/requests/new/disclosure');
  // Only the steps that apply; oneself chosen, someone else folded away.
  await expect(member.locator('.progress--steps li')).toHaveText(['どなたの', '内容', '受け取り方', '確認', '完了']);
  await expect(member.getByRole('radio', { name: /ご本人（紅葉 誠）/ })).toBeChecked();
  await expect(member.getByText(/として$/).first()).toBeHidden();
  await nextStep(member);

  await member.getByRole('radio', { name: /すべての情報/ }).check();
  // The kinds are not needed then, and fold away.
  await expect(member.getByLabel('レセプトに関する情報')).toBeHidden();
  await member.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'request-step-phone.png'), fullPage: true });
  await expectAccessible(member, 'the 内容 step at 360 px');
  await nextStep(member);

  await expect(member.locator('form[data-step="how"]')).toContainText('ポータルでダウンロード（電磁的記録）');
  await member.getByLabel(/電磁的記録の提供/).check();
  await nextStep(member);

  const confirm = member.locator('[data-confirm]');
  await expect(confirm).toContainText('すべての情報');
  await expect(confirm).toContainText('ご本人（紅葉 誠）');
  await expect(confirm).toContainText('電磁的記録の提供');
  await expect(confirm.locator('[data-fee]')).toContainText('300円');
  await expect(confirm.locator('[data-payment-methods]')).toContainText('銀行振込');
  await expect(member.locator('.progress__step--current')).toHaveText('確認');
  await expectAccessible(member, 'the confirmation at 360 px');
  // Nothing wider than the phone on any step.
  expect(await member.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // The fee changed in the page's source after confirming: refused with the reason, nothing sent.
  await member.locator('input[name="fee_yen"]').evaluate((el: HTMLInputElement) => { el.value = '0'; });
  await member.getByRole('button', { name: 'この内容で申し出る' }).click();
  await expect(member.locator('#f-confirmation-error')).toContainText('手数料が変わりました');
  expect(await requestCount(member)).toBe(0);

  // Another person slipped into the final post: refused too.
  await member.goto('/requests/new/disclosure?step=confirm');
  await member.locator('form[data-step="confirm"]').evaluate((form: HTMLFormElement) => {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'for';
    input.value = 'proxy:01';
    form.appendChild(input);
  });
  await member.getByRole('button', { name: 'この内容で申し出る' }).click();
  await expect(member.locator('#f-confirmation-error')).toContainText('確認した後に内容が変わりました');
  expect(await requestCount(member)).toBe(0);

  // As confirmed, it is sent.
  await member.goto('/requests/new/disclosure?step=confirm');
  await member.getByRole('button', { name: 'この内容で申し出る' }).click();
  await expect(member).toHaveURL(/\/requests\/\d{8}-\d{4,}\?submitted=1$/);
  // A request about oneself shows no 本人確認 step to come.
  await expect(member.locator('ol.progress')).not.toContainText('本人確認中');
  expect(await requestCount(member)).toBe(1);
});

test('without JavaScript each step is a page, and 「戻る」 keeps what was chosen', async ({ browser }) => {
  const page = await newPage(browser, false);
  await page.goto('/login?next=%2Frequests%2Fnew%2Fdisclosure');
  await page.getByLabel('記号・番号・枝番、またはログインID').fill('1005-8-00');
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByLabel('確認コード（6桁）').fill(totp(secret, 1));
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page).toHaveURL(/\/requests\/new\/disclosure$/);
  await nextStep(page);
  await expect(page).toHaveURL(/\?step=what$/);
  await page.getByLabel('健康診査に関する情報').check();
  await nextStep(page);
  await expect(page).toHaveURL(/\?step=how$/);
  await page.getByLabel(/書面の交付/).check();
  await page.getByRole('button', { name: '戻る' }).click();
  await expect(page).toHaveURL(/\?step=what$/);
  await expect(page.getByLabel('健康診査に関する情報')).toBeChecked();
  await toConfirmation(page);
  await expect(page).toHaveURL(/\?step=confirm$/);
  await expect(page.locator('[data-confirm]')).toContainText('書面の交付');
  await expect(page.locator('[data-confirm]')).toContainText('健康診査に関する情報');
  await page.getByRole('button', { name: 'この内容で申し出る' }).click();
  await expect(page).toHaveURL(/\/requests\/\d{8}-\d{4,}\?submitted=1$/);
  await page.context().close();
});
