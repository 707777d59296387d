// Passkeys in Chromium with its virtual authenticator (CDP: WebAuthn.enable and
// WebAuthn.addVirtualAuthenticator, a platform authenticator with user verification):
// a member registers from a letter on a 360 px phone, enrols with a passkey alone, signs
// out and signs in with the passkey; a staff member adds a passkey and signs in with it.
//
// Browsers refuse an IP address as the relying-party id, so this spec runs its own server,
// on a database of its own, and opens it at http://localhost (the RP id is `localhost`).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, expect, type Page, test } from './support/test';
import { E2E_DIR, SERVER_ENV } from './support/auth';
import { setUpStaff, signOut } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const PORT = 3108;
const URL = `http://localhost:${PORT}`;
const DIR = '.tmp-passkeys';
const ENV: Record<string, string> = {
  MADOGUCHI_DATABASE_URL: `sqlite://${DIR}/e2e.sqlite3`,
  MADOGUCHI_SECRET_KEY_FILE: `${DIR}/madoguchi.key`,
  MADOGUCHI_MAIL_DIR: `${DIR}/mail`,
  MADOGUCHI_AUDIT_CHECKPOINT_FILE: `${DIR}/audit-checkpoints.log`,
};
const PASSWORD = '指一本でログインできる窓口';
const STAFF_PASSWORD = 'a passkey for the counter';

let child: ChildProcess | undefined;

test.beforeAll(async () => {
  rmSync(path.join(E2E_DIR, DIR), { recursive: true, force: true });
  mkdirSync(path.join(E2E_DIR, DIR), { recursive: true });
  const env: Record<string, string> = { ...SERVER_ENV, ...ENV, LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}` };
  child = spawn('../target/release/server', [], { cwd: E2E_DIR, env: { ...process.env, ...env }, stdio: 'ignore' });
  await expect
    .poll(async () => fetch(`http://127.0.0.1:${PORT}/healthz`).then((r) => r.status).catch(() => 0), { timeout: 30_000 })
    .toBe(200);
});

test.afterAll(async () => {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child?.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
});

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: URL, viewport: { width: 360, height: 780 }, locale: 'ja-JP' });
  return { context, page: await context.newPage() };
}

/// A platform authenticator (fingerprint or face) that verifies the user, for this page.
async function authenticator(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return cdp;
}

test('a member enrols with a passkey alone, signs out and signs in with it', async ({ browser }) => {
  test.setTimeout(120_000);
  const staff = await phone(browser);
  await setUpStaff(staff.page, 'S970', '受付 花子', ['intake'], STAFF_PASSWORD, ENV);
  const member = await phone(browser);
  const page = member.page;
  const cdp = await authenticator(member.context, page);

  // The letter: the member asks, staff print it, the member types its code.
  const fillKey = async () => {
    await page.getByLabel('記号', { exact: true }).fill('1001');
    await page.getByLabel('番号', { exact: true }).fill('23');
    await page.getByLabel('枝番', { exact: true }).fill('00');
  };
  await page.goto('/register');
  await fillKey();
  await page.getByLabel('生年月日').fill('1980-01-15');
  await page.getByRole('button', { name: '登録コードを郵送してもらう' }).click();
  await expect(page).toHaveURL(/\/register\/sent$/);
  await staff.page.goto('/staff/letters');
  await staff.page.locator('tr[data-letter-key="1001-23-00"]').last().getByRole('button', { name: /印刷する/ }).click();
  const code = (await staff.page.locator('[data-letter-code]').textContent())?.trim() ?? '';
  await staff.page.getByRole('button', { name: '郵送済みにする' }).click();
  await page.goto('/register/complete');
  await fillKey();
  await page.getByLabel('お手紙のコード').fill(code);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(PASSWORD);
  await page.getByLabel('新しいパスワード（確認のため、もう一度）').fill(PASSWORD);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page).toHaveURL(/\/account\/second-factor$/);

  // Enrolment offers the passkey first (the island shows itself: the browser can).
  const offer = page.locator('[data-passkey="ready"]');
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('指紋・顔認証で設定する（おすすめ）');
  await expect(page.locator('[data-totp-secret]')).toBeAttached();
  await page.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'passkey-enrolment-phone.png'), fullPage: true });
  await offer.getByRole('button', { name: '指紋・顔認証を設定する（パスキー）' }).click();
  await expect(page).toHaveURL(/\/account\/recovery-codes$/);
  await expect(page.locator('[data-recovery-codes] li')).toHaveCount(10);

  // The passkey is listed on the account's passkeys page.
  await page.goto('/account/passkeys');
  await expect(page.locator('[data-passkeys="1"]')).toBeVisible();

  // Signed out, one tap signs in again: no name, password or code typed.
  await signOut(page);
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  const signIn = page.locator('[data-passkey="ready"]');
  await expect(signIn).toBeVisible();
  await signIn.getByRole('button', { name: '指紋・顔認証でログイン（パスキー）' }).click();
  await expect(page).toHaveURL(/\/mypage$/);
  await page.goto('/account');
  await expect(page.locator('[data-member-name]')).toHaveText('青葉 太郎');
  await cdp.detach();
});

test('a staff member adds a passkey and signs in with it', async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await phone(browser);
  await authenticator(context, page);
  await setUpStaff(page, 'S971', '審査 次郎', ['reviewer'], STAFF_PASSWORD, ENV);
  await page.goto('/staff/passkeys');
  await expect(page.locator('[data-passkeys="0"]')).toBeVisible();
  await page.locator('[data-passkey="ready"]').getByRole('button', { name: 'この端末を追加する' }).click();
  await expect(page).toHaveURL(/\/staff\/passkeys\?added=1$/);
  await expect(page.locator('[data-passkeys="1"]')).toBeVisible();

  // Signed out (from the staff home), one tap signs in again.
  await page.goto('/staff');
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/staff\/login$/);
  await page.locator('[data-passkey="ready"]').getByRole('button', { name: '指紋・顔認証でログイン（パスキー）' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.locator('[data-staff-area]')).toContainText('審査 次郎（S971）');
});
