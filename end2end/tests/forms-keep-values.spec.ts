// Forms keep what was typed, without JavaScript, on a 360 px phone: a failed post comes
// back with every value but the secrets and the message beside its field, and the URL
// carries only an opaque token — no value, no JSON.
import { expect, test, type Browser, type Page } from './support/test';
import { registerMember, setUpStaff, nextStep, toConfirmation } from './support/journeys';

test.describe.configure({ mode: 'serial' });
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });

const PASSWORD = '紅葉の便りを待つ午後';
const STAFF_PASSWORD = 'forms keep what was typed';

async function noJsPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  return context.newPage();
}

/// The page came back to `path` with an opaque token and nothing typed in its URL.
async function expectOpaqueUrl(page: Page, path: string, typed: string[]): Promise<void> {
  const url = new URL(page.url());
  expect(url.pathname).toBe(path);
  expect(url.searchParams.get('e') ?? '').toMatch(/^[0-9a-f]{32}$/);
  const decoded = decodeURIComponent(page.url());
  for (const t of [...typed, '{', '"', 'field']) {
    expect(decoded, `${t} in the URL`).not.toContain(t);
  }
}

let staff: Page;
let member: Page;

test.beforeAll(async ({ browser }) => {
  staff = await noJsPage(browser);
  member = await noJsPage(browser);
});

test('a wrong birth date on /register keeps the other fields and says why beside it', async ({ page }) => {
  await page.goto('/register');
  await page.getByLabel('記号', { exact: true }).fill('1005');
  await page.getByLabel('番号', { exact: true }).fill('8');
  await page.getByLabel('枝番', { exact: true }).fill('01');
  await page.getByLabel('生年月日').fill('平成32年1月1日');
  await page.getByRole('button', { name: '登録コードを郵送してもらう' }).click();
  await expectOpaqueUrl(page, '/register', ['1005', '平成32']);
  await expect(page.locator('#f-birth_date-error')).toContainText('その日付はありません');
  await expect(page.getByLabel('記号', { exact: true })).toHaveValue('1005');
  await expect(page.getByLabel('番号', { exact: true })).toHaveValue('8');
  await expect(page.getByLabel('枝番', { exact: true })).toHaveValue('01');
  await expect(page.getByLabel('生年月日')).toHaveValue('平成32年1月1日');
  // Seen once: a reload of the same address shows the empty form.
  await page.reload();
  await expect(page.getByLabel('記号', { exact: true })).toHaveValue('');
  await expect(page.locator('#f-birth_date-error')).toHaveCount(0);
});

test('/register/complete keeps the code from the letter when another field is wrong, never the passwords', async ({ page }) => {
  await page.goto('/register/complete');
  await page.getByLabel('記号', { exact: true }).fill('1005');
  await page.getByLabel('番号', { exact: true }).fill('8');
  await page.getByLabel('枝番', { exact: true }).fill('01');
  await page.getByLabel('お手紙のコード').fill('ABCD-EFGH-JKLM');
  await page.getByLabel('新しいパスワード', { exact: true }).fill(PASSWORD);
  await page.getByLabel('新しいパスワード（確認のため、もう一度）').fill('ちがう言葉をもう一度');
  await page.getByRole('button', { name: '次へ' }).click();
  await expectOpaqueUrl(page, '/register/complete', ['ABCD', '紅葉']);
  await expect(page.locator('.field__error').first()).toContainText('一致しません');
  await expect(page.getByLabel('お手紙のコード')).toHaveValue('ABCD-EFGH-JKLM');
  await expect(page.getByLabel('記号', { exact: true })).toHaveValue('1005');
  await expect(page.getByLabel('新しいパスワード', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('新しいパスワード（確認のため、もう一度）')).toHaveValue('');
  expect(await page.content()).not.toContain(PASSWORD);
});

test('/login keeps the identifier but not the password or the code', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('記号・番号・枝番、またはログインID').fill('9999-99-00');
  await page.getByLabel('パスワード').fill('a password that is wrong');
  await page.getByLabel('確認コード（6桁）').fill('918273');
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expectOpaqueUrl(page, '/login', ['9999', 'wrong', '918273']);
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expect(page.getByLabel('記号・番号・枝番、またはログインID')).toHaveValue('9999-99-00');
  await expect(page.getByLabel('パスワード')).toHaveValue('');
  await expect(page.getByLabel('確認コード（6桁）')).toHaveValue('');
});

test('a 開示 request with a wrong period keeps the chosen categories, method and note', async () => {
  await setUpStaff(staff, 'S900', '窓口 九郎', ['intake'], STAFF_PASSWORD);
  await registerMember(member, staff, { symbol: '1005', number: '8', branch: '01', birth: '1964-05-05' }, PASSWORD);
  // The method chosen first, then back to 内容 (「戻る」 keeps it).
  await member.goto('/requests/new/disclosure?step=how');
  await member.getByLabel(/書面の交付/).check();
  await member.getByRole('button', { name: '戻る' }).click();
  await member.getByLabel('資格に関する情報').check();
  await member.getByLabel('レセプトに関する情報').check();
  await member.locator('#f-receipts_from').fill('2025-03');
  await member.locator('#f-receipts_to').fill('2024-04');
  await member.getByLabel('補足（任意）').fill('窓口で受け取りたいです');
  await member.getByRole('button', { name: '次へ', exact: true }).click();
  await expectOpaqueUrl(member, '/requests/new/disclosure', ['2025-03', '窓口で', 'qualification']);
  await expect(member.locator('.field__error').first()).toContainText('終わりの月が始まりの月より前');
  await expect(member.getByLabel('資格に関する情報')).toBeChecked();
  await expect(member.getByLabel('レセプトに関する情報')).toBeChecked();
  await expect(member.locator('#f-receipts_from')).toHaveValue('2025-03');
  await expect(member.locator('#f-receipts_to')).toHaveValue('2024-04');
  await expect(member.getByLabel('補足（任意）')).toHaveValue('窓口で受け取りたいです');
  // Put right, the next step still has the method chosen before.
  await member.locator('#f-receipts_to').fill('2025-04');
  await nextStep(member);
  await expect(member.getByLabel(/書面の交付/)).toBeChecked();
  await expect(member.getByLabel(/電磁的記録の提供/)).not.toBeChecked();
  // Files are chosen on the confirmation; a refused one asks for them again there.
  await toConfirmation(member);
  await member.getByLabel(/その他の資料/).setInputFiles({ name: 'a.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html></html>') });
  await member.getByRole('button', { name: 'この内容で申し出る' }).click();
  await expect(member.locator('[data-choose-again]')).toContainText('もう一度選んでください');
  await expect(member.locator('[data-confirm]')).toContainText('資格に関する情報');
});

test('staff paper intake with a wrong arrival day keeps what was entered', async () => {
  await staff.goto('/staff/intake/disclosure');
  await staff.getByLabel('受付方法').selectOption('paper');
  await staff.getByLabel(/到達日/).fill('2099-01-01');
  await staff.getByLabel('区分', { exact: true }).selectOption('registry');
  await staff.getByLabel(/記号・番号・枝番/).fill('1002-45-00');
  await staff.getByLabel('生年月日').fill('昭和40年11月30日');
  await staff.getByLabel('本人との関係').selectOption('self');
  await staff.getByLabel('決定通知書の送付先住所').fill('〒330-0000 埼玉県さいたま市浦和区緑町九丁目9番（架空）');
  await staff.getByLabel('確認した書類').selectOption('drivers_license');
  await staff.getByLabel('確認方法').selectOption('copy_by_post');
  await staff.getByLabel('資格に関する情報').check();
  await staff.getByLabel(/書面の交付/).check();
  await staff.getByRole('button', { name: '受け付ける' }).click();
  await expectOpaqueUrl(staff, '/staff/intake/disclosure', ['2099', '1002-45', '埼玉']);
  await expect(staff.locator('#f-arrived_on-error')).toContainText('今日以前');
  await expect(staff.getByLabel(/到達日/)).toHaveValue('2099-01-01');
  await expect(staff.getByLabel('受付方法')).toHaveValue('paper');
  await expect(staff.getByLabel('区分', { exact: true })).toHaveValue('registry');
  await expect(staff.getByLabel(/記号・番号・枝番/)).toHaveValue('1002-45-00');
  await expect(staff.getByLabel('生年月日')).toHaveValue('昭和40年11月30日');
  await expect(staff.getByLabel('本人との関係')).toHaveValue('self');
  await expect(staff.getByLabel('決定通知書の送付先住所')).toHaveValue('〒330-0000 埼玉県さいたま市浦和区緑町九丁目9番（架空）');
  await expect(staff.getByLabel('確認した書類')).toHaveValue('drivers_license');
  await expect(staff.getByLabel('確認方法')).toHaveValue('copy_by_post');
  await expect(staff.getByLabel('資格に関する情報')).toBeChecked();
  await expect(staff.getByLabel(/書面の交付/)).toBeChecked();
  await expect(staff.locator('[data-choose-again]')).toContainText('もう一度選んでください');
});
