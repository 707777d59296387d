// Staff take a member's requests to a decision: a reviewer takes up a 開示, reads the
// member's held data, cannot save a refusal without a reason, drafts 一部開示 with ground
// and reason, cannot approve it themselves; another 責任者 approves and the member reads
// the decision letter. A 利用目的の通知 answered 通知しない under 32条2項1号 reaches the
// member with that ground. The queue filters, and a malformed page number is explained.
import { expect, test, type Browser, type Page } from './support/test';
import * as path from 'node:path';
import { E2E_DIR } from './support/auth';
import { draftPartialDisclosure, expectAccessible, payFee, registerMember, setUpStaff, sendRequest, nextStep } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const PASSWORD = '青葉の丘で手紙を待つ';
const STAFF_PASSWORD = 'decisions are made with care';
const REASON = '審査中の給付に関する記録は、業務の適正な実施に著しい支障があるため開示しません。';

let reviewer: Page;
let approver: Page;
let member: Page;
const receipts: Record<string, string> = {};

async function newPage(browser: Browser): Promise<Page> {
  // The decision journey runs at a desktop's 1280 px.
  return (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
}

async function send(page: Page, name: string): Promise<void> {
  receipts[name] = await sendRequest(page);
}

async function takeUp(receipt: string): Promise<void> {
  await reviewer.goto(`/staff/requests?q=${receipt}`);
  await reviewer.locator(`tr[data-receipt="${receipt}"] a`).click();
  await expect(reviewer).toHaveURL(new RegExp(`/staff/requests/${receipt}$`));
  await reviewer.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
  await expect(reviewer.locator('.stage')).toHaveText('審査中');
}

test.beforeAll(async ({ browser }) => {
  reviewer = await newPage(browser);
  approver = await newPage(browser);
  member = await newPage(browser);
  await setUpStaff(reviewer, 'S300', '審査 次郎', ['intake', 'reviewer', 'approver'], STAFF_PASSWORD);
  await setUpStaff(approver, 'S301', '責任者 三子', ['approver'], STAFF_PASSWORD);
  await registerMember(member, reviewer, { symbol: '1001', number: '23', branch: '01', birth: '1982-06-20' }, PASSWORD);
  await member.goto('/requests/new/disclosure?step=what');
  await member.getByLabel('資格に関する情報').check();
  await nextStep(member);
  await member.getByLabel(/電磁的記録の提供/).check();
  await send(member, 'disclosure');
  await member.goto('/requests/new/purpose?step=what');
  await send(member, 'purpose');
});

test('a reviewer takes up a disclosure, reads the held data, and a refusal without a reason is not saved', async () => {
  await takeUp(receipts.disclosure);
  await reviewer.getByRole('link', { name: /保有個人データを表示する/ }).click();
  await expect(reviewer.locator('.held')).toContainText('青葉 花子');
  await payFee(reviewer, receipts.disclosure);
  await reviewer.getByLabel('一部開示').check();
  await reviewer.getByLabel('根拠').selectOption('33-2-2');
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('#f-reason-error')).toContainText('理由を書いてください');
  await expect(reviewer.locator('.stage')).toHaveText('審査中');
  await expect(reviewer.locator('#decision')).toHaveCount(0);
  await expectAccessible(reviewer, 'the staff request page with a decision form');
});

test('the decider cannot approve their own decision; another 責任者 approves and the member reads the letter', async () => {
  const receipt = receipts.disclosure;
  // The package, with the address withheld (delivery.spec.ts follows it to the download).
  await draftPartialDisclosure(reviewer, receipt, REASON);
  // Four eyes: no approval button for the decider, and the server refuses a crafted post.
  await expect(reviewer.getByRole('button', { name: '承認して本人に通知する' })).toHaveCount(0);
  await expect(reviewer.locator('p[role="note"]')).toContainText('ご自身が行った決定は承認できません');
  const version = (await reviewer.request.get(`/api/staff/requests/one?receipt=${receipt}`).then((r) => r.json())).view.version;
  const crafted = await reviewer.request.post('/api/staff/requests/review', {
    form: { receipt, version: String(version), decision: 'approve', note: '' },
    headers: { origin: new URL(reviewer.url()).origin },
  });
  expect(crafted.status()).toBe(422);
  // The member still sees the request in review, with no result.
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('.stage').first()).toHaveText('審査中');
  await expect(member.locator('#decision')).toHaveCount(0);

  await approver.goto(`/staff/requests/${receipt}/letter`);
  await expect(approver.locator('.letter')).toContainText(REASON);
  await approver.goto(`/staff/requests/${receipt}`);
  await approver.getByRole('button', { name: '承認して本人に通知する' }).click();
  await expect(approver.locator('.stage')).toHaveText('通知済');

  await member.goto(`/requests/${receipt}`);
  const decision = member.locator('section.decision');
  await expect(decision).toContainText('一部開示');
  await expect(decision).toContainText('個人情報保護法第33条第2項第2号');
  await expect(decision).toContainText(REASON);
  await expect(decision).toContainText('手数料納付済');
  await expectAccessible(member, 'the request page with its decision');
  await member.getByRole('link', { name: '決定通知書を表示・印刷する' }).click();
  await expect(member).toHaveURL(new RegExp(`/requests/${receipt}/letter$`));
  await expect(member.getByRole('heading', { level: 1 })).toContainText('決定通知書');
  await expect(member.locator('.letter__to')).toContainText('青葉 花子 様');
  await expect(member.locator('.letter')).toContainText(REASON);
  await expect(member.getByRole('button', { name: '印刷する' })).toBeVisible();
  await expectAccessible(member, 'the decision letter');
});

test('a 利用目的の通知 answered 通知しない under 32条2項1号 reaches the member with that ground', async () => {
  const receipt = receipts.purpose;
  await takeUp(receipt);
  await reviewer.getByLabel('利用目的を通知しない').check();
  await reviewer.getByLabel('根拠').selectOption('32-2-1');
  await reviewer.getByLabel(/理由・対応内容/).fill('利用目的は、当組合のホームページ「個人情報の取扱い」で公表しています。');
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('.decision__by')).toContainText('責任者の承認待ち');
  await approver.goto(`/staff/requests/${receipt}`);
  await approver.getByRole('button', { name: '承認して本人に通知する' }).click();
  await expect(approver.locator('.stage')).toHaveText('通知済');
  await member.goto(`/requests/${receipt}`);
  const decision = member.locator('section.decision');
  await expect(decision).toContainText('利用目的を通知しない');
  await expect(decision).toContainText('個人情報保護法第32条第2項第1号');
  await expect(decision).toContainText('公表により既に明らか');
});

test('the queue filters by type and status, and a malformed page number is explained next to its field', async () => {
  await reviewer.goto('/staff/requests?page=abc');
  await expect(reviewer.locator('.field__error')).toContainText('ページ番号は1以上');
  await reviewer.goto('/staff/requests?type=purpose_notice&status=all');
  await expect(reviewer.locator(`tr[data-receipt="${receipts.purpose}"]`)).toBeVisible();
  await expect(reviewer.locator(`tr[data-receipt="${receipts.disclosure}"]`)).toHaveCount(0);
  await expect(reviewer.getByLabel('種類')).toHaveValue('purpose_notice');
  await expectAccessible(reviewer, 'the staff queue');
});

test('the 責任者 reads the yearly report: requests by month and type, decisions by outcome, and days taken', async () => {
  await approver.goto('/staff');
  await approver.getByRole('link', { name: '報告（自己点検・監査）' }).click();
  await expect(approver).toHaveURL(/\/staff\/reports$/);
  // Both decisions above are counted under their type and outcome, with their days taken.
  const decisions = approver.locator('[data-report="decisions"]');
  await expect(decisions.locator('tr[data-outcome="partial_disclosure"]')).toContainText('一部開示');
  await expect(decisions.locator('tr[data-outcome="purpose_not_notified"]')).toContainText('利用目的を通知しない');
  const timings = approver.locator('[data-report="timings"]');
  await expect(timings.locator('tr[data-type="disclosure"] [data-median]')).toHaveText(/\d/);
  await expect(timings.locator('tr[data-type="purpose_notice"] [data-p90]')).toHaveText(/\d/);
  const received = Number(await approver.locator('[data-total="received"]').textContent());
  expect(received).toBeGreaterThanOrEqual(2);
  await expectAccessible(approver, 'the reports page');
  // A malformed year is explained, not an error page.
  await approver.goto('/staff/reports?fy=abc');
  await expect(approver.locator('.field__error')).toBeVisible();
});

test('the staff workbench: its own header and task navigation, full width at 1280 px, usable on a 360 px phone', async ({ browser }, testInfo) => {
  // The header names the staff member and their roles in Japanese; the navigation shows only
  // the tasks those roles may use.
  await reviewer.goto('/staff/requests');
  await expect(reviewer.locator('[data-staff-who]')).toHaveText(/^審査 次郎（(受付|審査|責任者)・(受付|審査|責任者)・(受付|審査|責任者)）$/);
  const nav = reviewer.getByRole('navigation', { name: '業務メニュー' });
  await expect(nav.getByRole('link')).toHaveText(['受付一覧', '紙・窓口の受付', '加入者', '公表事項', '台帳', '文例', '報告']);
  await expect(nav.getByRole('link', { name: '受付一覧' })).toHaveAttribute('aria-current', 'page');
  // Full width: the queue is not held in a 1,000 px column, and its header stays in view.
  const width = await reviewer.locator('main').evaluate((m) => m.getBoundingClientRect().width);
  expect(width).toBeGreaterThan(1200);
  await expect(reviewer.locator('table.queue thead th').first()).toHaveCSS('position', 'sticky');
  // The screenshot shows every request of this spec, answered or not.
  await reviewer.goto('/staff/requests?status=all');
  await expect(reviewer.locator('table.queue tbody tr').first()).toBeVisible();
  await reviewer.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'staff-queue-desktop.png') });
  await reviewer.goto(`/staff/requests/${receipts.disclosure}`);
  await expect(reviewer.locator('.timeline')).toContainText('申出人（本人）');
  await expect(reviewer.locator('.timeline')).toContainText('受付：審査 次郎');
  await reviewer.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'staff-request-desktop.png'), fullPage: true });
  await expectAccessible(reviewer, 'the staff request page with the staff header');

  // On a phone: nothing overflows the page; the queue scrolls sideways inside its own box.
  for (const [who, pages] of [
    [reviewer, ['/staff/requests', `/staff/requests/${receipts.disclosure}`]],
    [approver, ['/staff/reports']],
  ] as const) {
    const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 }, storageState: await who.context().storageState() })).newPage();
    for (const url of pages) {
      await phone.goto(url);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${url} fits a 360 px phone`).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: testInfo.outputPath(`${url.replace(/\W+/g, '-')}-phone.png`), fullPage: true });
    }
    await phone.context().close();
  }
});

test('three requests are assigned at once from the queue, with the reason they change hands', async () => {
  const sent: string[] = [];
  for (const body of ['窓口の待ち時間が長かったです。', '電話がつながりにくいです。', '書類の説明がわかりにくいです。']) {
    await member.goto('/requests/new/complaint?step=what');
    await member.getByLabel('内容').fill(body);
    await send(member, `bulk-${sent.length}`);
    sent.push(receipts[`bulk-${sent.length}`]);
  }
  // Taken up one by one (each becomes the reviewer's), then handed to the 責任者 together.
  for (const r of sent) {
    await reviewer.goto(`/staff/requests/${r}`);
    await reviewer.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
    await expect(reviewer.locator('.stage')).toHaveText('審査中');
  }
  await reviewer.goto('/staff/requests?status=open&assignee=me');
  for (const r of sent) await reviewer.getByLabel(`${r} を選ぶ`).check();
  await reviewer.getByLabel('担当者', { exact: true }).selectOption({ label: 'S301 責任者 三子' });
  await reviewer.getByRole('button', { name: 'チェックしたお申し出の担当者を設定する' }).click();
  // Taken from the reviewer who has them: the reason is asked for, and nothing changed.
  await expect(reviewer.locator('#f-reassign_reason-error')).toContainText('入力してください');
  for (const r of sent) await expect(reviewer.locator(`tr[data-receipt="${r}"]`)).toContainText('S300');
  for (const r of sent) await reviewer.getByLabel(`${r} を選ぶ`).check();
  await reviewer.getByLabel('担当者', { exact: true }).selectOption({ label: 'S301 責任者 三子' });
  await reviewer.getByLabel(/担当を替える理由/).fill('苦情の担当は責任者が受け持つため');
  await reviewer.getByRole('button', { name: 'チェックしたお申し出の担当者を設定する' }).click();
  await expect(reviewer.locator('[data-assigned="3"]')).toHaveText('3件のお申し出の担当者を設定しました。');
  await reviewer.goto('/staff/requests?status=open');
  for (const r of sent) await expect(reviewer.locator(`tr[data-receipt="${r}"]`)).toContainText('S301');
  await expectAccessible(reviewer, 'the queue with its ticks');
});

test('a 補正依頼 from a template: an unknown placeholder is refused at save, and the member reads the filled text', async ({ browser }, testInfo) => {
  await reviewer.goto('/staff/templates');
  await reviewer.getByLabel('題名（一覧に表示します）').fill('本人確認書類の再提出');
  await reviewer.getByLabel('補正依頼').check();
  const body = reviewer.getByLabel('本文');
  await body.fill('{氏名} 様\n受付番号 {受付番号} について、{回答期限}までに本人確認書類をもう一度お送りください。');
  await reviewer.getByRole('button', { name: '文例を保存する' }).click();
  // Refused next to the text, naming what is wrong; what was typed is still there.
  await expect(reviewer.locator('#f-body-error')).toContainText('使えない差し込み項目があります');
  await expect(reviewer.locator('[data-unknown]')).toContainText('{氏名}');
  await expect(reviewer.locator('.template')).toHaveCount(0);
  await expect(body).toHaveValue(/^\{氏名\} 様/);
  await body.fill('{申出人氏名} 様\n受付番号 {受付番号} について、{回答期限}までに本人確認書類をもう一度お送りください。\n{組合名}');
  await reviewer.getByRole('button', { name: '文例を保存する' }).click();
  await expect(reviewer.getByRole('status')).toHaveText('文例を保存しました。');
  await expect(reviewer.locator('.template')).toHaveCount(1);
  await expectAccessible(reviewer, 'the templates page');
  await reviewer.screenshot({ path: testInfo.outputPath('templates-desktop.png'), fullPage: true });
  // On a phone the page fits: nothing overflows sideways.
  const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 }, storageState: await reviewer.context().storageState() })).newPage();
  await phone.goto('/staff/templates');
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: testInfo.outputPath('templates-phone.png'), fullPage: true });
  await phone.context().close();

  await member.goto('/requests/new/complaint?step=what');
  await member.getByLabel('内容').fill('郵送された書類が届きません。');
  await send(member, 'template');
  const r = receipts.template;
  await reviewer.goto(`/staff/requests/${r}`);
  await reviewer.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
  await reviewer.getByLabel('文例', { exact: true }).selectOption({ label: '本人確認書類の再提出' });
  await reviewer.getByRole('button', { name: '文例を入れる' }).click();
  const message = reviewer.getByLabel(/本人へのメッセージ/);
  await expect(message).toHaveValue(new RegExp(`様\\n受付番号 ${r} について、.+までに本人確認書類`));
  await expect(message).not.toHaveValue(/\{/);
  await reviewer.locator('#steps').scrollIntoViewIfNeeded();
  await reviewer.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'staff-template-desktop.png') });
  await message.fill((await message.inputValue()) + '\nお手数をおかけします。');
  await reviewer.getByRole('button', { name: '補正を依頼する' }).click();
  await expect(reviewer.locator('.stage')).toHaveText(/補正/);
  await member.goto(`/requests/${r}`);
  await expect(member.locator('.timeline')).toContainText(`受付番号 ${r} について`);
  await expect(member.locator('.timeline')).toContainText('お手数をおかけします。');
  // The member answers, and the review goes on (nothing left waiting for other specs' sweeps).
  const answer = member.locator('section', { has: member.getByRole('heading', { name: '補正のお願いへの回答' }) });
  await answer.getByLabel('メッセージ').fill('書類をもう一度お送りします。');
  await answer.getByRole('button', { name: '回答を送る' }).click();
  await expect(member.locator('.stage')).toHaveText('審査中');
});

test('a saved filter is reused, and the single-key shortcuts are used and then switched off', async ({}, testInfo) => {
  await reviewer.goto('/staff/requests?assignee=me&due=3days');
  await reviewer.getByLabel('今の条件に名前を付けて保存').fill('自分の担当・期限3日以内');
  await reviewer.getByRole('button', { name: '条件を保存する' }).click();
  await expect(reviewer).toHaveURL(/\/staff\/requests\?due=3days&assignee=me$/);
  // Another day: from the plain queue, one click brings the filter back.
  await reviewer.goto('/staff/requests');
  await reviewer.getByRole('navigation', { name: '保存した条件' }).getByRole('link', { name: '自分の担当・期限3日以内' }).click();
  await expect(reviewer).toHaveURL(/due=3days&assignee=me$/);
  await expect(reviewer.locator('#q-due')).toHaveValue('3days');
  await expect(reviewer.locator('#q-assignee')).toHaveValue('me');
  await reviewer.screenshot({ path: testInfo.outputPath('saved-filter-desktop.png'), fullPage: true });

  // The keys: j to the first request and the next, / to the search, ? for the list.
  await reviewer.goto('/staff/requests?status=all');
  await expect(reviewer.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const links = reviewer.locator('table.queue tbody td.receipt a');
  await reviewer.keyboard.press('j');
  await expect(links.nth(0)).toBeFocused();
  await reviewer.keyboard.press('j');
  await expect(links.nth(1)).toBeFocused();
  await reviewer.keyboard.press('k');
  await expect(links.nth(0)).toBeFocused();
  await reviewer.keyboard.press('?');
  await expect(reviewer.locator('#queue-keys')).toHaveAttribute('open', '');
  await reviewer.keyboard.press('/');
  await expect(reviewer.locator('#q-q')).toBeFocused();
  // Typing j in the search box types j.
  await reviewer.keyboard.press('j');
  await expect(reviewer.locator('#q-q')).toHaveValue('j');
  await expect(reviewer.locator('#q-q')).toBeFocused();

  // Switched off (WCAG 2.1.4), and still off on the next visit.
  await reviewer.getByLabel('1文字のキー操作（j・k・/・?）を使う').uncheck();
  await reviewer.getByRole('button', { name: '設定を保存する' }).click();
  await reviewer.goto('/staff/requests?status=all');
  await expect(reviewer.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(reviewer.locator('[data-shortcuts-off]')).toHaveCount(1);
  await reviewer.locator('h1').click();
  await reviewer.keyboard.press('j');
  await expect(links.nth(0)).not.toBeFocused();
  await reviewer.keyboard.press('/');
  await expect(reviewer.locator('#q-q')).not.toBeFocused();
  await expectAccessible(reviewer, 'the queue with saved filters and the keys');
});
