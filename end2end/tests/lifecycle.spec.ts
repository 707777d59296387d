// Every request ends, as its people see it. A member asks for a 削除 of something held
// under その他: staff decide it, the instruction reads （削除）, and once staff mark it done
// in the core system the member reads the 34条3項 notice. A 補正依頼 left unanswered is
// reminded, then closed by the daily sweep (run from the command line with the clock
// ahead) with a letter the member can read. A complaint is 却下 with a ground and a reason
// only after the 責任者 approves.
import { expect, test, type Browser, type Page } from './support/test';
import { sweepWaiting } from './support/auth';
import { expectAccessible, registerMember, setUpStaff, sendRequest } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const PASSWORD = '白石町の坂の上の家で';
const STAFF_PASSWORD = 'every request comes to an end';

let clerk: Page;
let approver: Page;
let member: Page;

async function newPage(browser: Browser): Promise<Page> {
  // The decision journey runs at a desktop's 1280 px.
  return (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
}

async function send(page: Page): Promise<string> {
  return sendRequest(page);
}

/** Each step's button, named for what it does. */
const BUTTONS: Record<string, string> = {
  start_review: '審査を始める（自分の担当にする）',
  ask_member: '補正を依頼する',
  accept_documents: '書類を確認済みにする',
  reject_documents: '書類の再提出を依頼する',
  complete: '完了にする',
  message: 'メッセージを送る',
  note: '内部メモとして残す',
};

async function step(receipt: string, action: string, message = ''): Promise<void> {
  await clerk.goto(`/staff/requests/${receipt}`);
  if (message) await clerk.locator('textarea[name="message"]').fill(message);
  await clerk.getByRole('button', { name: BUTTONS[action], exact: true }).click();
}

test.beforeAll(async ({ browser }) => {
  clerk = await newPage(browser);
  approver = await newPage(browser);
  member = await newPage(browser);
  await setUpStaff(clerk, 'S700', '審査 七郎', ['intake', 'reviewer'], STAFF_PASSWORD);
  await setUpStaff(approver, 'S701', '責任者 七子', ['approver'], STAFF_PASSWORD);
  await registerMember(member, clerk, { symbol: '1006', number: '3', branch: '00', birth: '1956-09-09' }, PASSWORD);
});

test('a deletion is decided, sent to the core system, and the member is told once it is done', async () => {
  await member.goto('/requests/new/correction?step=what');
  await member.getByLabel('訂正を求める項目').selectOption('other');
  await member.getByLabel('その他の場合、項目の名前').fill('旧勤務先の電話番号');
  await member.getByLabel(/削除（誤って登録された内容を消す）/).check();
  await member.getByLabel('誤っている理由').fill('退職しており、連絡先として使われると困ります。');
  const receipt = await send(member);
  await step(receipt, 'start_review');
  await clerk.getByLabel('訂正する', { exact: true }).check();
  await clerk.getByLabel(/理由・対応内容/).fill('旧勤務先の電話番号を削除します。');
  await clerk.getByRole('button', { name: /決定を登録/ }).click();
  await expect(clerk.locator('.stage')).toHaveText('通知済');
  await clerk.goto('/staff/corrections');
  const line = clerk.locator('tr', { hasText: receipt });
  await expect(line).toContainText('（削除）');
  await expect(line).toContainText('旧勤務先の電話番号');
  await line.getByRole('button', { name: /基幹システムで対応済みにする/ }).click();
  await expect(clerk.locator('#pending').locator('..')).not.toContainText(receipt);
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('main')).toContainText('第34条第3項');
  await expect(member.locator('main')).toContainText('訂正後: （削除）');
});

test('a request for information left unanswered is reminded, then closed with a letter', async () => {
  await member.goto('/requests/new/purpose?step=what');
  const receipt = await send(member);
  await step(receipt, 'start_review');
  await step(receipt, 'ask_member', 'どの利用目的についての通知をお求めか、教えてください。');
  await expect(clerk.locator('.stage')).toHaveText('補正依頼中');
  expect(sweepWaiting(10)).toContain('補正の回答待ち: 0 件にお知らせを送り、0 件を終了しました');
  expect(sweepWaiting(15)).toContain('補正の回答待ち: 1 件にお知らせを送り、0 件を終了しました');
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('main')).toContainText('ご回答をお待ちしています');
  expect(sweepWaiting(46)).toContain('補正の回答待ち: 0 件にお知らせを送り、1 件を終了しました');
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('.stage')).toHaveText('補正なしで終了');
  await member.getByRole('link', { name: '決定通知書を表示・印刷する' }).click();
  const letter = member.locator('article.letter');
  await expect(letter).toContainText('補正なしで終了');
  await expect(letter).toContainText('いつでも改めてお申し出いただけます');
  await expect(letter).toContainText('個人情報保護法第37条第1項');
  await expectAccessible(member, 'the letter of a request closed without a reply');
});

test('a complaint is dismissed with its ground and reason only once the responsible person approves', async () => {
  await member.goto('/requests/new/complaint?step=what');
  await member.getByLabel('内容').fill('（テスト）内容を特定できない申出');
  const receipt = await send(member);
  await step(receipt, 'start_review');
  await clerk.getByLabel('却下', { exact: true }).check();
  await clerk.getByLabel('根拠').selectOption('37-unspecified');
  await clerk.getByRole('button', { name: /決定を登録/ }).click();
  // No reason: refused next to the field, nothing saved.
  await expect(clerk.locator('.field__error')).toContainText(/理由/);
  await clerk.getByLabel('却下', { exact: true }).check();
  await clerk.getByLabel('根拠').selectOption('37-unspecified');
  await clerk.getByLabel(/理由・対応内容/).fill('お申し出の対象となる個人情報を特定できませんでした。対象を添えて改めてお申し出ください。');
  await clerk.getByRole('button', { name: /決定を登録/ }).click();
  await expect(clerk.locator('.stage')).toHaveText('審査中');
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('.stage')).toHaveText('審査中');
  await approver.goto(`/staff/requests/${receipt}`);
  await approver.getByRole('button', { name: '承認して本人に通知する' }).click();
  await expect(approver.locator('.stage')).toHaveText('却下');
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('.stage')).toHaveText('却下');
  await member.getByRole('link', { name: '決定通知書を表示・印刷する' }).click();
  await expect(member.locator('article.letter')).toContainText('個人情報保護法第37条第2項');
  await expect(member.locator('article.letter')).toContainText('対象を添えて改めてお申し出ください');
});
