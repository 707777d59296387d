// Paper and counter intake: a former member (緑川 次郎, who lost his status on 2025-03-31
// and has no portal account) posts a 様式1 開示依頼書; staff enter it with the day it
// arrived, how identity was checked and the scan, and it joins the queue. A scan that is
// not a PDF/JPEG/PNG is refused next to its field, and nothing is saved. The blank forms
// are on the public procedure page.
import { expect, test, type Page } from './support/test';
import { expectAccessible, setUpStaff } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const STAFF_PASSWORD = 'paper forms arrive by post';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let staff: Page;

test.beforeAll(async ({ browser }) => {
  staff = await (await browser.newContext()).newPage();
  await setUpStaff(staff, 'S400', '受付 四郎', ['intake'], STAFF_PASSWORD);
});

async function fillFormerMembersDisclosure(page: Page): Promise<string> {
  await page.goto('/staff');
  await page.getByRole('link', { name: '紙・窓口・電話のお申し出を受け付ける' }).click();
  await expect(page).toHaveURL(/\/staff\/intake$/);
  await page.getByRole('link', { name: /^開示/ }).first().click();
  await expect(page).toHaveURL(/\/staff\/intake\/disclosure$/);
  await page.getByLabel('受付方法').selectOption('paper');
  const arrived = await page.getByLabel(/到達日/).inputValue();
  await page.getByLabel('区分', { exact: true }).selectOption('registry');
  await page.getByLabel(/記号・番号・枝番/).fill('1002-45-00');
  await page.getByLabel('生年月日').fill('昭和40年11月30日');
  await page.getByLabel('本人との関係').selectOption('self');
  await page.getByLabel('決定通知書の送付先住所').fill('〒330-0000 埼玉県さいたま市浦和区緑町九丁目9番（架空）');
  await page.getByLabel('確認した書類').selectOption('drivers_license');
  await page.getByLabel('確認方法').selectOption('copy_by_post');
  await page.getByLabel('資格に関する情報').check();
  // Nothing is preselected: staff tick what the person chose.
  await page.getByLabel(/書面の交付/).check();
  return arrived;
}

test('a scan that is not a PDF, JPEG or PNG is refused next to its field and nothing is saved', async () => {
  await fillFormerMembersDisclosure(staff);
  await staff.getByLabel(/依頼書（様式）のスキャン/).setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<script>alert(1)</script>') });
  await staff.getByRole('button', { name: '受け付ける' }).click();
  await expect(staff).toHaveURL(/\/staff\/intake\/disclosure\?e=/);
  await expect(staff.locator('#f-supporting-error')).toContainText('PDF');
  await staff.goto('/staff/requests?q=緑川');
  await expect(staff.locator('tr[data-receipt]')).toHaveCount(0);
});

test('staff enter a paper disclosure for a former member, with its arrival day, identity check and scan', async () => {
  const arrived = await fillFormerMembersDisclosure(staff);
  await expectAccessible(staff, 'intake form');
  await staff.getByLabel(/依頼書（様式）のスキャン/).setInputFiles({ name: '様式1.pdf', mimeType: 'application/pdf', buffer: PDF });
  await staff.getByRole('button', { name: '受け付ける' }).click();
  await expect(staff).toHaveURL(/\/staff\/requests\/\d{8}-\d{4,}\?entered=1$/);
  const receipt = new URL(staff.url()).pathname.split('/').pop() ?? '';
  await expect(staff.locator('.notice--ok')).toContainText('受け付けました');
  await expect(staff.locator('h1')).toContainText(receipt);
  await expect(staff.locator('body')).toContainText('緑川 次郎');
  const card = staff.locator('[data-intake="paper"]');
  await expect(card).toContainText(arrived);
  await expect(card).toContainText('運転免許証');
  await expect(card).toContainText('同封の写しで確認');
  await expect(card).toContainText('S400 受付 四郎');
  await expect(staff.locator('.timeline')).toContainText('様式1.pdf');
  await expectAccessible(staff, 'staff request page of a paper request');
  // It is in the queue like any other request.
  await staff.goto('/staff/requests?q=緑川');
  await expect(staff.locator(`tr[data-receipt="${receipt}"]`)).toBeVisible();
});

test('the public procedure page offers blank forms 1 and 2 to print', async ({ page }) => {
  await page.goto('/privacy');
  await page.getByRole('link', { name: /様式1・様式2/ }).click();
  await expect(page).toHaveURL(/\/procedure$/);
  await expectAccessible(page, 'procedure page');
  await page.getByRole('link', { name: /様式1 保有個人データ等開示依頼書/ }).click();
  await expect(page).toHaveURL(/\/procedure\/form-1$/);
  await expect(page.locator('h1')).toHaveText('様式1 保有個人データ等開示依頼書');
  await expect(page.locator('.paper')).toContainText('資格に関する情報');
  await expect(page.getByRole('button', { name: '印刷する' })).toBeVisible();
  await expectAccessible(page, 'form 1');
  await page.goto('/procedure/form-2');
  await expect(page.locator('h1')).toHaveText('様式2 保有個人データ等利用停止等依頼書');
});

test('a counter request for electronic records keeps that choice; an agent is told the download is the person’s own', async () => {
  // An agent cannot take the 本人's download: refused next to the method.
  await fillFormerMembersDisclosure(staff);
  await staff.getByLabel('受付方法').selectOption('counter');
  await staff.getByLabel('確認方法').selectOption('presented');
  await staff.getByLabel('本人との関係').selectOption('proxy');
  await staff.getByLabel(/代理人の氏名/).fill('代理 三郎');
  await staff.getByLabel(/^委任状/).setInputFiles({ name: '委任状.pdf', mimeType: 'application/pdf', buffer: PDF });
  await staff.getByLabel(/電磁的記録の提供/).check();
  await staff.getByRole('button', { name: '受け付ける' }).click();
  await expect(staff).toHaveURL(/\/staff\/intake\/disclosure\?e=/);
  await expect(staff.locator('#f-method-error')).toContainText('ご本人がご自分のポータルのアカウントで受け取る方法です');

  // 緑川 himself, at the counter, chooses 電磁的記録: it is recorded as he chose.
  await fillFormerMembersDisclosure(staff);
  await staff.getByLabel('受付方法').selectOption('counter');
  await staff.getByLabel('確認方法').selectOption('presented');
  await staff.getByLabel(/電磁的記録の提供/).check();
  await staff.getByRole('button', { name: '受け付ける' }).click();
  await expect(staff).toHaveURL(/\/staff\/requests\/\d{8}-\d{4,}\?entered=1$/);
  await expect(staff.locator('[data-intake="counter"]')).toContainText('原本を窓口で確認');
  await expect(staff.locator('section[aria-labelledby="asked"]')).toContainText('電磁的記録の提供');
});

test('a phone complaint without a name or identity is recorded as such and reaches the officer at once', async ({ browser }) => {
  await staff.goto('/staff/intake');
  await staff.getByRole('link', { name: /^苦情/ }).first().click();
  await expect(staff).toHaveURL(/\/staff\/intake\/complaint$/);
  await staff.getByLabel('受付方法').selectOption('phone');
  await staff.getByLabel('区分', { exact: true }).selectOption('anonymous');
  await staff.getByLabel('本人との関係').selectOption('self');
  await staff.getByLabel('確認方法').selectOption('none');
  await staff.getByLabel(/個人情報が漏れた・なくなった/).check();
  await staff.getByLabel('内容').fill('組合から届いた封筒に、別の方の医療費のお知らせが入っていました。');
  await expectAccessible(staff, 'complaint intake form');
  await staff.getByRole('button', { name: '受け付ける' }).click();
  await expect(staff).toHaveURL(/\/staff\/requests\/\d{8}-\d{4,}\?entered=1$/);
  const receipt = new URL(staff.url()).pathname.split('/').pop() ?? '';
  const card = staff.locator('[data-intake="phone"]');
  await expect(card).toContainText('匿名');
  await expect(card).toContainText('確認していない');
  await expect(staff.locator('[data-escalation="open"]')).toContainText('責任者の確認を待っています');
  await expectAccessible(staff, 'staff page of an escalated complaint');

  // The 責任者 sees it above the queue, opens it and records having seen it.
  const officer = await (await browser.newContext()).newPage();
  await setUpStaff(officer, 'S402', '責任 花子', ['approver'], 'the officer reads leaks first');
  await officer.goto('/staff/requests');
  const banner = officer.locator('[data-escalations]');
  await expect(banner).toContainText('漏えい等のおそれがある苦情');
  await banner.getByRole('link', { name: receipt }).click();
  await expect(officer).toHaveURL(new RegExp(`/staff/requests/${receipt}$`));
  await officer.getByRole('button', { name: '確認しました（責任者）' }).click();
  await expect(officer.locator('[data-escalation="acknowledged"]')).toContainText('S402 責任 花子');
  await officer.goto('/staff/requests');
  await expect(officer.locator('[data-escalations]')).toHaveCount(0);
  await officer.context().close();
});
