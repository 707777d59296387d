// 再交付: a 開示 result whose download period ended is given again. The reviewer builds the
// package (the address withheld) and a 責任者 approves it; fifteen days later (a server of
// its own whose clock the test moves, MADOGUCHI_CLOCK_FILE) the member's page says the
// period has ended. A 責任者 prepares a re-issue with its reason and sees what differs from
// the first delivery, in staff words; they cannot approve it themselves; a second 責任者
// approves; the member, on a 360 px phone, downloads it again, the address still withheld.
//
// The server runs on a database of its own, so moving its clock touches no other spec.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from './support/test';
import { E2E_DIR, addStaff, totpAt } from './support/auth';
import { draftPartialDisclosure, expectAccessible, nextStep, payFee, registerMember, sendRequest, setUpStaff } from './support/journeys';
import { ownServer } from './support/own-server';

test.describe.configure({ mode: 'serial' });

const DIR = '.tmp-reissue';
const SERVER = ownServer(3121, DIR, { MADOGUCHI_CLOCK_FILE: `${DIR}/now.txt` });
const CLOCK = path.join(E2E_DIR, DIR, 'now.txt');
const PASSWORD = '秋の田の刈穂の庵の苫をあらみ';
const STAFF_PASSWORD = 'a result given again after its period';
const REASON = '住所は、業務の適正な実施に著しい支障を及ぼすおそれがあるため開示しません。';
const WHY = '期限切れのため本人から電話で依頼';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 800 };

/// The server's clock stands still at the instant the test last wrote.
const startMs = Date.now();
let serverNowMs = startMs;
function setClock(ms: number): void {
  serverNowMs = startMs + ms;
  writeFileSync(CLOCK, new Date(serverNowMs).toISOString());
}

let reviewer: Page;
let member: Page;
let memberSecret = '';
let receipt = '';

async function newPage(browser: Browser, viewport = DESKTOP): Promise<Page> {
  return (await browser.newContext({ baseURL: SERVER.url, acceptDownloads: true, viewport })).newPage();
}

/// A 責任者 set up at the server's time (the CLI's code, then the password and the code).
async function officer(browser: Browser, number: string, name: string): Promise<Page> {
  const page = await newPage(browser);
  const code = addStaff(number, name, ['approver'], SERVER.env);
  await page.goto('/staff/setup');
  await page.getByLabel('職員番号').fill(number);
  await page.getByLabel('設定コード').fill(code);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(STAFF_PASSWORD);
  await page.getByLabel('新しいパスワード（確認のため、もう一度）').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: '次へ' }).click();
  const secret = (await page.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
  await page.getByLabel('確認コード（6桁）').fill(totpAt(secret, serverNowMs));
  await page.getByRole('button', { name: '設定を完了する' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  return page;
}

test.beforeAll(async ({ browser }) => {
  await SERVER.start(() => setClock(0));
  reviewer = await newPage(browser);
  member = await newPage(browser, PHONE);
  await setUpStaff(reviewer, 'S1210', '審査 再子', ['intake', 'reviewer'], STAFF_PASSWORD, SERVER.env);
  // The codes typed here are the authenticator's now: the server's clock follows.
  setClock(Date.now() - startMs);
  memberSecret = await registerMember(member, reviewer, { symbol: '1005', number: '8', branch: '00', birth: '1962-12-24' }, PASSWORD);
});

test.afterAll(async () => {
  await SERVER.stop();
});

test('a 開示 by download is decided, approved and released', async ({ browser }) => {
  await member.goto('/requests/new/disclosure?step=what');
  await member.getByLabel('資格に関する情報').check();
  await nextStep(member);
  await member.getByLabel(/電磁的記録の提供/).check();
  receipt = await sendRequest(member);

  await reviewer.goto(`/staff/requests/${receipt}`);
  await reviewer.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
  await payFee(reviewer, receipt);
  await draftPartialDisclosure(reviewer, receipt, REASON);

  const first = await officer(browser, 'S1211', '責任 一子');
  await first.goto(`/staff/requests/${receipt}`);
  await first.getByRole('button', { name: '承認して本人に通知する' }).click();
  await expect(first.locator('.stage')).toHaveText('通知済');
  // Within the period there is nothing to re-issue.
  await first.goto(`/staff/requests/${receipt}/package`);
  await expect(first.locator('#reissue')).toHaveCount(0);
});

test('fifteen days later a 責任者 prepares a re-issue and sees what differs; another approves', async ({ browser }, testInfo) => {
  setClock(15 * 86400_000);
  const preparer = await officer(browser, 'S1212', '責任 二子');
  await preparer.goto(`/staff/requests/${receipt}/package`);
  const section = preparer.locator('#reissue');
  await expect(section).toContainText('再交付（ダウンロード期限が過ぎたあと）');
  // The reason is required: refused next to the field, nothing prepared.
  await section.getByLabel('再交付の理由（内部の記録）').fill(' ');
  await section.getByLabel('再交付の理由（内部の記録）').evaluate((el: HTMLTextAreaElement) => el.removeAttribute('required'));
  await section.getByRole('button', { name: '再交付を準備する' }).click();
  await expect(preparer.locator('#reissue #f-reason-error')).toBeVisible();
  await expect(preparer.locator('#reissue [data-reissue]')).toHaveCount(0);

  await preparer.locator('#reissue').getByLabel('再交付の理由（内部の記録）').fill(WHY);
  await preparer.locator('#reissue').getByRole('button', { name: '再交付を準備する' }).click();
  const pending = preparer.locator('#reissue [data-reissue]');
  await expect(pending).toContainText('承認待ちの再交付');
  await expect(pending).toContainText(`理由：${WHY}`);
  await expect(pending).toContainText('前回交付したものとの違い');
  // Section by section in staff words; the withheld address stays withheld.
  await expect(pending.locator('[data-diff-section]').first()).toContainText(/資格情報：変わりません（\d+件）/);
  await expect(pending.locator('[data-diff-section="changed"]').first()).toContainText('変わりました');
  await expect(pending.locator('[data-diff-list="withheld"]')).toContainText('開示しない項目：変わりません（1件）');
  await expect(pending).not.toContainText('csv/');
  // The preparer is told another 責任者 approves, and is offered only to cancel.
  await expect(pending.locator('[data-own]')).toContainText('承認は別の責任者がします');
  await expect(pending.getByRole('button', { name: '承認して再交付する' })).toHaveCount(0);
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'reissue-staff.png') });
  await section.screenshot({ path: testInfo.outputPath('reissue-staff.png') });
  await expectAccessible(preparer, 'the package page with a re-issue waiting');

  const second = await officer(browser, 'S1213', '責任 三子');
  await second.goto(`/staff/requests/${receipt}/package`);
  await second.locator('#reissue').getByRole('button', { name: '承認して再交付する' }).click();
  await expect(second.locator('#reissue [data-reissue]')).toHaveCount(0);
  await expect(second.locator('#reissue [data-reissue-status="approved"]')).toContainText('承認済み（再交付しました）');
  // The request's timeline says it in staff terms.
  await second.goto(`/staff/requests/${receipt}`);
  await expect(second.locator('.timeline')).toContainText('開示資料の再交付を準備しました');
  await expect(second.locator('.timeline')).toContainText('もう一度ダウンロードできるようにしました');
});

test('the member, on a phone, is told and downloads it again, the address still withheld', async () => {
  await member.goto('/login');
  await member.getByLabel('記号・番号・枝番、またはログインID').fill('1005-8-00');
  await member.getByLabel('パスワード').fill(PASSWORD);
  await member.getByLabel('確認コード（6桁）').fill(totpAt(memberSecret, serverNowMs));
  await member.getByRole('button', { name: 'ログインする' }).click();
  await expect(member).not.toHaveURL(/\/login/);
  await member.goto(`/requests/${receipt}`);
  const pkg = member.locator('#package');
  await expect(pkg.locator('[data-expired]')).toHaveCount(0);
  await expect(pkg.locator('[data-download-until]')).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}までダウンロードできます/);
  await expect(member.locator('.timeline')).toContainText('もう一度ダウンロードできるようにしました');
  await expect(pkg.getByRole('button', { name: '内容を読む（PDF）' })).toBeVisible();
  expect(await member.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await pkg.scrollIntoViewIfNeeded();
  await member.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'reissue-phone.png') });
  await expectAccessible(member, 'the request page with the re-issued package at 360 px');
  const downloading = member.waitForEvent('download');
  await pkg.getByRole('button', { name: '内容を読む（PDF）' }).click();
  const pdf = readFileSync((await (await downloading).path()) ?? '');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('ul.downloads li')).toHaveCount(1);
});
