// 特定個人情報 and the 番号法. A former member's 様式1 asks for their 特定個人情報; staff
// enter it from the paper form, whose box is printed on the blank 様式1. A member sends the
// back of their マイナンバーカード although the form warns against it; staff delete it at once
// from the request page (番号法20条): the file is gone, the member reads why, and the
// auditor reads its 廃棄記録.
//
// The server runs on a database of its own: the deletion touches no other spec.
import { expect, test, type Browser, type Page } from './support/test';
import { expectAccessible, registerMember, setUpStaff, sendRequest, toConfirmation } from './support/journeys';
import { ownServer } from './support/own-server';

test.describe.configure({ mode: 'serial' });

const DIR = '.tmp-my-number';
const SERVER = ownServer(3111, DIR);
const URL = SERVER.url;
const ENV = SERVER.env;

const PASSWORD = '番号は送らないと決めている';
const STAFF_PASSWORD = 'numbers are not kept here';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let staff: Page;
let auditor: Page;
let member: Page;

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: URL })).newPage();
}

test.beforeAll(async ({ browser }) => {
  await SERVER.start();
  staff = await newPage(browser);
  auditor = await newPage(browser);
  member = await newPage(browser);
  await setUpStaff(staff, 'S620', '受付 番子', ['intake', 'reviewer'], STAFF_PASSWORD, ENV);
  await setUpStaff(auditor, 'S621', '監査 記録', ['auditor'], STAFF_PASSWORD, ENV);
});

test.afterAll(async () => {
  await SERVER.stop();
});

test('様式1 carries the 特定個人情報 box, and staff enter such a request from the paper form', async () => {
  await staff.goto('/procedure/form-1');
  await expect(staff.locator('main')).toContainText('特定個人情報（マイナンバーと、マイナンバーを使ってやりとりした情報）');
  await staff.goto('/staff/intake/disclosure');
  await staff.getByLabel('受付方法').selectOption('paper');
  await staff.getByLabel('区分', { exact: true }).selectOption('registry');
  await staff.getByLabel(/記号・番号・枝番/).fill('1002-45-00');
  await staff.getByLabel('生年月日').fill('昭和40年11月30日');
  await staff.getByLabel('本人との関係').selectOption('self');
  await staff.getByLabel('決定通知書の送付先住所').fill('〒330-0000 埼玉県さいたま市浦和区緑町九丁目9番（架空）');
  await staff.getByLabel('確認した書類').selectOption('drivers_license');
  await staff.getByLabel('確認方法').selectOption('copy_by_post');
  await expect(staff.locator('main')).toContainText('個人番号（マイナンバー）が見える書類は取り込まないでください');
  await staff.getByLabel(/^特定個人情報/).check();
  await staff.getByLabel(/書面の交付/).check();
  await staff.getByLabel(/依頼書（様式）のスキャン/).setInputFiles({ name: '様式1.pdf', mimeType: 'application/pdf', buffer: PDF });
  await staff.getByRole('button', { name: '受け付ける' }).click();
  await expect(staff).toHaveURL(/\/staff\/requests\/\d{8}-\d{4,}\?entered=1$/);
  await expect(staff.locator('main')).toContainText('特定個人情報（マイナンバーと、マイナンバーを使ってやりとりした情報）');
});

test('a document showing an 個人番号 is deleted at once, the member reads why, and a 廃棄記録 remains', async () => {
  test.setTimeout(60_000);
  await registerMember(member, staff, { symbol: '1001', number: '23', branch: '00', birth: '1980-01-15' }, PASSWORD);
  await member.goto('/requests/new/disclosure?step=what');
  await expect(member.locator('[data-mynaportal]')).toContainText('マイナポータル');
  await member.goto('/requests/new/complaint?step=what');
  await member.getByLabel('内容').fill('本人確認の書類を送ります。');
  await toConfirmation(member);
  await expect(member.locator('[data-no-my-number]')).toContainText('マイナンバーカードの裏面');
  await member.getByLabel(/その他の資料/).setInputFiles({ name: 'カード裏面.pdf', mimeType: 'application/pdf', buffer: PDF });
  const receipt = await sendRequest(member);

  await staff.goto(`/staff/requests/${receipt}`);
  const file = staff.locator('li[data-attachment]').filter({ hasText: 'カード裏面.pdf' });
  await expect(file).toBeVisible();
  await file.getByRole('button', { name: '個人番号の記載があるため削除する' }).click();
  await expect(staff.locator('li[data-attachment]')).toHaveCount(0);
  await expect(staff.locator('.timeline')).toContainText('番号法第20条');

  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('main')).toContainText('カード裏面.pdf」には個人番号（マイナンバー）が記載されていたため');
  await expect(member.locator('a', { hasText: 'カード裏面.pdf' })).toHaveCount(0);

  await auditor.goto('/staff/audit/disposals');
  await expect(auditor.locator('tr[data-disposal]').filter({ hasText: receipt })).toContainText('番号法第20条');
  await expectAccessible(auditor, '/staff/audit/disposals');
});
