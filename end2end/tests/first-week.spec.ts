// A new member's first week, on a phone (360 px). Staff print the registration letter: its
// QR code (decoded here from the printed page) opens the registration page, and the letter
// names its sender, its date and the member's address. The member registers from it and
// keeps the recovery codes (print, 「保管しました」). Then, on a server whose clock the test
// moves (MADOGUCHI_CLOCK_FILE), the member stays active for 40 minutes — reading 医療費の
// お知らせ every 10 minutes without being asked for the password again — is asked for it
// when downloading a 医療費 file, and changes the password.
//
// The server runs on a database of its own, so moving its clock touches no other spec.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from './support/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { E2E_DIR, totpAt } from './support/auth';
import { expectAccessible, setUpStaff, signOut } from './support/journeys';
import { ownServer } from './support/own-server';

test.describe.configure({ mode: 'serial' });

const DIR = '.tmp-first-week';
const SERVER = ownServer(3109, DIR, { MADOGUCHI_CLOCK_FILE: `${DIR}/now.txt` });
const URL = SERVER.url;
const ENV = SERVER.env;

const CLOCK = path.join(E2E_DIR, DIR, 'now.txt');
const PASSWORD = '丸の内の朝は早い';
const NEW_PASSWORD = '秋の川はしずかに流れる';
const STAFF_PASSWORD = 'letters go out on tuesdays';
const PHONE = { width: 360, height: 800 };

/// The server's clock stands still at the instant the test last wrote: the real start plus
/// the minutes the test has moved it on.
const startMs = Date.now();
let serverNowMs = startMs;
function setClock(ms: number): void {
  serverNowMs = startMs + ms;
  writeFileSync(CLOCK, new Date(serverNowMs).toISOString());
}
/// The authenticator's code at the server's time.
const code = (secret: string) => totpAt(secret, serverNowMs);

let clerk: Page;
let member: Page;
let secret = '';

test.beforeAll(async ({ browser }) => {
  await SERVER.start(() => setClock(0));
  clerk = await (await browser.newContext({ baseURL: URL, viewport: PHONE })).newPage();
  member = await (await browser.newContext({ baseURL: URL, viewport: PHONE })).newPage();
});

test.afterAll(async () => {
  await SERVER.stop();
});

/// 「令和8年12月6日」 for a date (Reiwa began in 2019).
function wareki(d: Date): string {
  const [y, m, day] = d.toLocaleDateString('en-CA', { timeZone: 'Asia/Tokyo' }).split('-').map(Number);
  return `令和${y - 2018}年${m}月${day}日`;
}

test('the letter stands on its own: sender, date, address, and a QR code to the page', async ({}, testInfo) => {
  test.setTimeout(90_000);
  await setUpStaff(clerk, 'S970', '受付 一郎', ['intake'], STAFF_PASSWORD, ENV);
  await member.goto('/register');
  await member.getByLabel('記号', { exact: true }).fill('1001');
  await member.getByLabel('番号', { exact: true }).fill('23');
  await member.getByLabel('枝番', { exact: true }).fill('00');
  await member.getByLabel('生年月日').fill('1980-01-15');
  await member.getByRole('button', { name: '登録コードを郵送してもらう' }).click();
  await expect(member).toHaveURL(/\/register\/sent$/);

  await clerk.goto('/staff/letters');
  await clerk.locator('tr[data-letter-key="1001-23-00"]').getByRole('button', { name: /印刷する/ }).click();
  const letter = clerk.locator('[data-code-letter="registration"]');
  await expect(letter.locator('h1')).toHaveText('加入者ポータル「窓口」利用登録のご案内');
  await expect(letter).not.toContainText('madoguchi');
  // The window envelope's block: postal code, address, name.
  const address = letter.locator('[data-letter-address]');
  await expect(address).toContainText('〒100-0005');
  await expect(address).toContainText('東京都千代田区丸の内九丁目99番99号');
  await expect(address).toContainText('青葉 太郎 様');
  // Who sends it, how to reach them, and when.
  const sender = letter.locator('[data-letter-sender]');
  await expect(sender).toContainText('健康保険組合');
  await expect(sender).toContainText(/電話 [0-9-]+/);
  await expect(sender).toContainText('受付時間');
  await expect(letter.locator('[data-letter-issued]')).toHaveText(`発行日 ${wareki(new Date())}`);
  // What the member needs, three steps, and what to do without a smartphone or if unasked.
  await expect(letter).toContainText('スマートフォン');
  await expect(letter.locator('.reg-letter__steps li')).toHaveCount(3);
  await expect(letter).toContainText('スマートフォンやパソコンをお使いでない方へ');
  await expect(letter).toContainText('お心当たりがない場合');
  // The page's full address, printed and as a QR code: the code itself is not in it.
  await expect(letter.locator('[data-letter-url]')).toHaveText(`${URL}/register/complete`);
  const png = PNG.sync.read(await letter.locator('[data-letter-qr] svg').screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded?.data).toBe(`${URL}/register/complete`);
  await clerk.screenshot({ path: testInfo.outputPath('registration-letter-phone.png'), fullPage: true });
  await expectAccessible(clerk, 'the registration letter');

  const letterCode = (await letter.locator('[data-letter-code]').textContent())?.trim() ?? '';
  await clerk.getByRole('button', { name: '郵送済みにする' }).click();

  // The member opens the address the QR code gave and registers.
  await member.goto(decoded?.data ?? '');
  await member.getByLabel('記号', { exact: true }).fill('1001');
  await member.getByLabel('番号', { exact: true }).fill('23');
  await member.getByLabel('枝番', { exact: true }).fill('00');
  await member.getByLabel('お手紙のコード').fill(letterCode);
  await member.getByLabel('新しいパスワード', { exact: true }).fill(PASSWORD);
  await member.getByLabel('新しいパスワード（確認のため、もう一度）').fill(PASSWORD);
  await member.getByRole('button', { name: '次へ' }).click();
  await expect(member).toHaveURL(/\/account\/second-factor$/);
  secret = (await member.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
  await member.getByLabel('確認コード（6桁）').fill(code(secret));
  await member.getByRole('button', { name: '設定を完了する' }).click();
  await expect(member).toHaveURL(/\/account\/recovery-codes$/);
});

test('the recovery codes can be printed and stay until the member has kept them', async () => {
  const codes = await member.locator('[data-recovery-codes] code').allTextContents();
  expect(codes).toHaveLength(10);
  await expect(member.getByRole('button', { name: '回復コードを印刷する' })).toBeVisible();
  await member.reload();
  expect(await member.locator('[data-recovery-codes] code').allTextContents()).toEqual(codes);
  await member.getByLabel('回復コードを印刷するか書き写して、安全な場所に保管しました').check();
  await member.getByRole('button', { name: '次へ' }).click();
  await expect(member).toHaveURL(/\/account\?codes_stored=1$/);
  await expect(member.getByRole('status')).toContainText('回復コードの保管を確認しました');
  await member.goto('/account/recovery-codes');
  await expect(member.locator('[data-recovery-codes]')).toHaveCount(0);
});

test('40 minutes of reading without being asked again; a 医療費 file asks; the password changes', async () => {
  test.setTimeout(90_000);
  // Active every 10 minutes: the session lives on, and reading never asks for a step-up.
  for (const minutes of [10, 20, 30, 40]) {
    setClock(minutes * 60_000);
    await member.goto('/notices?year=2025');
    await expect(member).toHaveURL(/\/notices\?year=2025$/);
    await expect(member.locator('h1')).toContainText('医療費のお知らせ');
  }
  // A file leaves the portal: password and code again, then straight to the file.
  await member.goto('/notices/statement.csv?year=2025');
  await expect(member).toHaveURL(/\/account\/confirm\?next=%2Fnotices%2Fstatement\.csv%3Fyear%3D2025$/);
  await member.getByLabel('パスワード').fill(PASSWORD);
  await member.getByLabel('確認コード（6桁）').fill(code(secret));
  const [download] = await Promise.all([member.waitForEvent('download'), member.getByRole('button', { name: '確認する' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);

  // A password change: the current one, the new one twice.
  await member.goto('/account');
  await member.getByRole('link', { name: 'パスワードの変更' }).click();
  await expect(member).toHaveURL(/\/account\/password$/);
  await expectAccessible(member, '/account/password');
  await member.getByLabel('現在のパスワード').fill('間違ったパスワードです');
  await member.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
  await member.getByLabel('新しいパスワード（確認のため、もう一度）').fill(NEW_PASSWORD);
  await member.getByRole('button', { name: 'パスワードを変更する' }).click();
  await expect(member.locator('#f-current_password-error')).toContainText('現在のパスワードが違います');
  await member.getByLabel('現在のパスワード').fill(PASSWORD);
  await member.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
  await member.getByLabel('新しいパスワード（確認のため、もう一度）').fill(NEW_PASSWORD);
  await member.getByRole('button', { name: 'パスワードを変更する' }).click();
  await expect(member).toHaveURL(/\/account\?password_changed=1$/);
  await expect(member.getByRole('status').first()).toContainText('パスワードを変更しました');

  // The new password signs in; the old one no longer does.
  await signOut(member);
  await member.getByLabel('記号・番号・枝番、またはログインID').fill('1001-23-00');
  await member.getByLabel('パスワード').fill(NEW_PASSWORD);
  // A minute on, so the code is not the one the confirmation above used (a code works once).
  setClock(41 * 60_000);
  await member.getByLabel('確認コード（6桁）').fill(code(secret));
  await member.getByRole('button', { name: 'ログインする' }).click();
  await expect(member).toHaveURL(/\/mypage$/);
});
