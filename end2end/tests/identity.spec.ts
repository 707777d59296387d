// A demo member registers with the mailed code, enrols the second factor, verifies an
// email, signs out and in, and resets the password by letter; staff set up their
// account, print the letters and reach the staff area, which a member never does.
import { expect, test, type Browser, type Page } from './support/test';
import { addStaff, newestMailTo, totp } from './support/auth';
import { expectAccessible, signOut } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'あおばの庭に咲く花';
const NEW_PASSWORD = 'まどぐちで新しく決めた言葉';
const STAFF_PASSWORD = 'staff passphrase for the counter';

let staffPage: Page;
let memberPage: Page;
let staffSecret = '';
let memberSecret = '';
let recoveryCodes: string[] = [];

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/// Staff print the newest letter for a member and mark it posted; returns its code.
async function postLetterFor(key: string): Promise<string> {
  await staffPage.goto('/staff/letters');
  await staffPage.locator(`tr[data-letter-key="${key}"]`).last().getByRole('button', { name: /印刷する/ }).click();
  await expect(staffPage).toHaveURL(/\/staff\/letters\/\d+$/);
  const code = (await staffPage.locator('[data-letter-code]').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expect(staffPage.locator('.letter')).toContainText('青葉 太郎 様');
  await staffPage.getByRole('button', { name: '郵送済みにする' }).click();
  await expect(staffPage).toHaveURL(/\/staff\/letters\?posted=1/);
  return code;
}

async function fillKey(page: Page): Promise<void> {
  await page.getByLabel('記号', { exact: true }).fill('１００１');
  await page.getByLabel('番号', { exact: true }).fill('23');
  await page.getByLabel('枝番', { exact: true }).fill('00');
}

test.beforeAll(async ({ browser }) => {
  staffPage = await newPage(browser);
  memberPage = await newPage(browser);
});

test('an administrator adds a staff member, who sets up password and TOTP', async () => {
  const code = addStaff('S100', '窓口 一郎', ['intake', 'admin']);
  await staffPage.goto('/staff/setup');
  await staffPage.getByLabel('職員番号').fill('S100');
  await staffPage.getByLabel('設定コード').fill(code);
  await staffPage.getByLabel('新しいパスワード', { exact: true }).fill(STAFF_PASSWORD);
  await staffPage.getByLabel('新しいパスワード（確認のため、もう一度）').fill(STAFF_PASSWORD);
  await staffPage.getByRole('button', { name: '次へ' }).click();
  await expect(staffPage).toHaveURL(/\/staff\/setup\/second-factor$/);
  await expect(staffPage.locator('.qr svg')).toBeVisible();
  staffSecret = (await staffPage.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
  await staffPage.getByLabel('確認コード（6桁）').fill(totp(staffSecret));
  await staffPage.getByRole('button', { name: '設定を完了する' }).click();
  await expect(staffPage).toHaveURL(/\/staff$/);
  await expect(staffPage.locator('[data-staff-area]')).toContainText('窓口 一郎（S100）');
});

test('staff sign out and back in with password and TOTP', async () => {
  await staffPage.getByRole('button', { name: 'ログアウト' }).click();
  await expect(staffPage).toHaveURL(/\/staff\/login$/);
  await staffPage.getByLabel('職員番号').fill('S100');
  await staffPage.getByLabel('パスワード').fill(STAFF_PASSWORD);
  await staffPage.getByLabel('確認コード（6桁）').fill(totp(staffSecret, 1));
  await staffPage.getByRole('button', { name: 'ログインする' }).click();
  await expect(staffPage).toHaveURL(/\/staff$/);
  await expect(staffPage.locator('[data-staff-area]')).toBeVisible();
});

test('the administrator adds a colleague from the access register', async () => {
  await staffPage.goto('/staff/access');
  // Other specs add staff too: count this administrator's grants, then the change.
  const grants = staffPage.locator('tr[data-grant-id]');
  await expect(grants.filter({ hasText: 'S100' })).toHaveCount(2);
  const before = await grants.count();
  await expectAccessible(staffPage, '/staff/access');
  await staffPage.getByLabel('職員番号').first().fill('S101');
  await staffPage.getByLabel('氏名').fill('審査 三郎');
  await staffPage.getByLabel('権限の開始日').fill('2026-04-01');
  await staffPage.getByLabel('審査').check();
  await staffPage.getByRole('button', { name: '追加して設定コードを発行する' }).click();
  await expect(staffPage).toHaveURL(/\/staff\/access\?added=1$/);
  await expect(staffPage.locator('[data-new-staff="S101"] [data-setup-code]')).toHaveText(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
  await expect(grants).toHaveCount(before + 1);
  await expect(grants.filter({ hasText: 'S101' })).toHaveCount(1);
  // Shown once.
  await staffPage.reload();
  await expect(staffPage.locator('[data-setup-code]')).toHaveCount(0);
});

test('a member registers with the mailed code and enrols the second factor', async () => {
  await memberPage.goto('/register');
  await fillKey(memberPage);
  await memberPage.getByLabel('生年月日').fill('昭和55年1月15日');
  await memberPage.getByRole('button', { name: '登録コードを郵送してもらう' }).click();
  await expect(memberPage).toHaveURL(/\/register\/sent$/);
  await expect(memberPage.getByRole('status')).toContainText('一致した場合は');

  const code = await postLetterFor('1001-23-00');

  await memberPage.getByRole('link', { name: 'お手紙が届いた方はこちら' }).click();
  await fillKey(memberPage);
  await memberPage.getByLabel('お手紙のコード').fill(code.toLowerCase());
  await memberPage.getByLabel('新しいパスワード', { exact: true }).fill(PASSWORD);
  await memberPage.getByLabel('新しいパスワード（確認のため、もう一度）').fill(PASSWORD);
  await memberPage.getByRole('button', { name: '次へ' }).click();
  await expect(memberPage).toHaveURL(/\/account\/second-factor$/);
  await expect(memberPage.locator('.qr svg')).toBeVisible();
  memberSecret = (await memberPage.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
  // On one phone, a tap adds the same secret to the authenticator app.
  const add = memberPage.getByRole('link', { name: '認証アプリに追加する' });
  const uri = new URL((await add.getAttribute('href')) ?? '');
  expect(uri.protocol).toBe('otpauth:');
  expect(uri.searchParams.get('secret')).toBe(memberSecret);
  await memberPage.getByLabel('確認コード（6桁）').fill(totp(memberSecret));
  await memberPage.getByRole('button', { name: '設定を完了する' }).click();
  await expect(memberPage).toHaveURL(/\/account\/recovery-codes$/);
  recoveryCodes = (await memberPage.locator('[data-recovery-codes] code').allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
});

test('the member verifies an email address by the link sent to it', async () => {
  await memberPage.goto('/account/email');
  await memberPage.getByLabel('メールアドレス').fill('taro@example.jp');
  await memberPage.getByRole('button', { name: '確認メールを送る' }).click();
  await expect(memberPage).toHaveURL(/\/account\/email\?sent=1$/);
  const mail = newestMailTo('taro@example.jp');
  const link = mail.match(/https?:\/\/\S+\/account\/email\/verify\?token=\S+/)?.[0];
  expect(link).toBeTruthy();
  await memberPage.goto(link!);
  await memberPage.getByRole('button', { name: '確認する' }).click();
  await expect(memberPage).toHaveURL(/\/account\/email\/verified$/);
  await memberPage.goto('/account');
  await expect(memberPage.locator('.facts')).toContainText('taro@example.jp（確認済み）');
});

test('the member signs out and back in', async () => {
  await signOut(memberPage);
  await expect(memberPage).toHaveURL(/\/login\?signed_out=1$/);
  await memberPage.getByLabel('記号・番号・枝番、またはログインID').fill('1001-23-00');
  await memberPage.getByLabel('パスワード').fill(PASSWORD);
  await memberPage.getByLabel('確認コード（6桁）').fill(totp(memberSecret, 1));
  await memberPage.getByRole('button', { name: 'ログインする' }).click();
  await expect(memberPage).toHaveURL(/\/mypage$/);
  await memberPage.goto('/account');
  await expect(memberPage.locator('[data-member-name]')).toHaveText('青葉 太郎');
  // The household as the law lets the 被保険者 see it.
  await expect(memberPage.locator('[data-access="legal_representative"]')).toContainText('青葉 翔');
  await expect(memberPage.locator('[data-access="adult_needs_consent"]', { hasText: '青葉 美咲' })).toHaveCount(1);
  await expectAccessible(memberPage, '/account');
});

test('a member session does not reach the staff area', async () => {
  await memberPage.goto('/staff');
  await expect(memberPage).toHaveURL(/\/staff\/login$/);
  await memberPage.goto('/staff/letters');
  await expect(memberPage).toHaveURL(/\/staff\/login$/);
});

test('a wrong password and an unknown member give the same page', async ({ page }) => {
  const attempt = async (identifier: string) => {
    await page.goto('/login');
    await page.getByLabel('記号・番号・枝番、またはログインID').fill(identifier);
    await page.getByLabel('パスワード').fill('not the password at all');
    await page.getByLabel('確認コード（6桁）').fill('123456');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    // Only the opaque token of the kept feedback differs from one post to the next.
    expect(page.url()).toMatch(/\/login\?e=[0-9a-f]{32}$/);
    await expect(page.getByLabel('記号・番号・枝番、またはログインID')).toHaveValue(identifier);
    await expect(page.getByLabel('パスワード')).toHaveValue('');
    return { url: page.url().replace(/e=[0-9a-f]{32}/, 'e=…'), text: await page.locator('main').innerText() };
  };
  const wrong = await attempt('1001-23-00');
  const unknown = await attempt('9999-99-00');
  expect(unknown).toEqual(wrong);
  expect(wrong.text).toContain('ログインできませんでした');
});

test('the member resets the password by letter', async () => {
  await memberPage.goto('/account');
  await signOut(memberPage);
  await expect(memberPage).toHaveURL(/\/login\?signed_out=1$/);
  await memberPage.goto('/reset');
  await fillKey(memberPage);
  await memberPage.getByLabel('生年月日').fill('1980-01-15');
  await memberPage.getByRole('button', { name: '再設定コードを郵送してもらう' }).click();
  await expect(memberPage).toHaveURL(/\/reset\/sent$/);
  const code = await postLetterFor('1001-23-00');
  await memberPage.goto('/reset/complete');
  await fillKey(memberPage);
  await memberPage.getByLabel('お手紙のコード').fill(code);
  await memberPage.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
  await memberPage.getByLabel('新しいパスワード（確認のため、もう一度）').fill(NEW_PASSWORD);
  // The phone is at hand or not: a recovery code works in place of the app's code.
  await memberPage.getByLabel('確認コード（6桁）').fill(recoveryCodes[0]);
  await memberPage.getByRole('button', { name: 'パスワードを変更する' }).click();
  await expect(memberPage).toHaveURL(/\/login\?reset=1$/);
  await memberPage.getByLabel('記号・番号・枝番、またはログインID').fill('1001 23 00');
  await memberPage.getByLabel('パスワード').fill(NEW_PASSWORD);
  await memberPage.getByLabel('確認コード（6桁）').fill(recoveryCodes[1]);
  await memberPage.getByRole('button', { name: 'ログインする' }).click();
  await expect(memberPage).toHaveURL(/\/account\?recovery=1$/);
  await expect(memberPage.locator('[data-member-name]')).toHaveText('青葉 太郎');
});

test('a wrong field is explained next to it, without JavaScript too', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/register');
  await page.getByLabel('記号', { exact: true }).fill('abc');
  await page.getByLabel('番号', { exact: true }).fill('23');
  await page.getByLabel('枝番', { exact: true }).fill('00');
  await page.getByLabel('生年月日').fill('平成32年1月1日');
  await page.getByRole('button', { name: '登録コードを郵送してもらう' }).click();
  await expect(page.locator('#f-symbol-error')).toContainText('数字で入力してください');
  await expect(page.locator('#f-birth_date-error')).toContainText('その日付はありません');
  await expect(page.getByLabel('記号', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await context.close();
});

test('a forged or expired session cookie is refused with a clear message', async ({ browser }) => {
  // As if a stale or made-up session cookie were sent.
  const context = await browser.newContext({ extraHTTPHeaders: { cookie: `__Host-madoguchi=${'A'.repeat(43)}` } });
  const page = await context.newPage();
  const response = await page.request.get('/account', { maxRedirects: 0, headers: { accept: 'text/html' } });
  expect(response.status()).toBe(302);
  expect(response.headers()['set-cookie']).toContain('__Host-madoguchi=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0');
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
  await expect(page.getByRole('status')).toContainText('ログインが必要です');
  await context.close();
});
