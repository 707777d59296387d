// 38条, as its people meet it. A member asking for a 開示 reads the fee and the published
// ways to pay before sending, and the request page opens on what is owed and how to pay it.
// Staff cannot hand the data over before the fee is recorded; a wrong amount is refused next
// to its field; once the payment is recorded the member prints a 領収書 and the disclosure is
// decided. A 第三者提供記録の開示 left unpaid is reminded, then ended by the daily sweep (run
// from the command line with the clock ahead) with a letter saying why.
//
// The server runs on a database of its own: the sweep touches no other spec's requests.
import { expect, test, type Browser, type Page } from './support/test';
import { sweepWaiting } from './support/auth';
import { expectAccessible, registerMember, setUpStaff, sendRequest, nextStep, toConfirmation } from './support/journeys';
import { ownServer } from './support/own-server';

test.describe.configure({ mode: 'serial' });

const SERVER = ownServer(3114, '.tmp-fees');
const PASSWORD = '手数料は窓口で払います';
const STAFF_PASSWORD = 'fees are recorded once';

let clerk: Page;
let approver: Page;
let member: Page;

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: SERVER.url })).newPage();
}

async function send(page: Page): Promise<string> {
  return sendRequest(page);
}

test.beforeAll(async ({ browser }) => {
  await SERVER.start();
  clerk = await newPage(browser);
  approver = await newPage(browser);
  member = await newPage(browser);
  await setUpStaff(clerk, 'S640', '受付 手数', ['intake', 'reviewer'], STAFF_PASSWORD, SERVER.env);
  await setUpStaff(approver, 'S641', '責任者 領収', ['approver'], STAFF_PASSWORD, SERVER.env);
  await registerMember(member, clerk, { symbol: '1001', number: '23', branch: '00', birth: '1980-01-15' }, PASSWORD);
});

test.afterAll(async () => {
  await SERVER.stop();
});

test('a disclosure with a fee: how to pay, the payment recorded, the 領収書 printed, then the decision', async () => {
  test.setTimeout(90_000);
  await member.goto('/requests/new/disclosure?step=what');
  await member.getByLabel('資格に関する情報').check();
  await nextStep(member);
  await member.getByLabel(/電磁的記録の提供/).check();
  // The confirmation shows the fee and the ways to pay it before anything is sent.
  await toConfirmation(member);
  await expect(member.locator('[data-confirm] [data-fee]')).toContainText('300円');
  await expect(member.locator('[data-payment-methods]')).toContainText('銀行振込');
  await expect(member.locator('[data-payment-methods]')).toContainText('現金書留');
  const receipt = await send(member);
  // The request page opens on what is owed and how to pay it.
  const due = member.locator('section#fee[data-fee-state="due"]');
  await expect(due).toContainText('手数料のお支払い待ち');
  await expect(due).toContainText('300円');
  await expect(due.locator('[data-payment="bank_transfer"]')).toContainText('普通預金');
  await expect(due).toContainText('受付番号');
  await expectAccessible(member, 'the request page with a fee to pay');

  // Staff take it up; handing the data over waits for the fee.
  await clerk.goto(`/staff/requests/${receipt}`);
  await clerk.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
  await expect(clerk.locator('.stage')).toHaveText('審査中');
  await clerk.goto(`/staff/requests/${receipt}/package`);
  await clerk.getByRole('button', { name: '開示資料の作成を始める' }).click();
  await clerk.goto(`/staff/requests/${receipt}`);
  await expect(clerk.locator('[data-fee-due]')).toContainText('未納');
  await clerk.getByLabel('全部開示').check();
  await clerk.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(clerk.locator('form').filter({ hasText: '決定' }).locator('.field__error').first()).toContainText('先に手数料のお支払い');
  await expect(clerk.locator('#decision')).toHaveCount(0);

  // A wrong amount is refused next to it; what was chosen stays.
  const fee = clerk.locator('section#fee');
  await fee.getByLabel('お支払い方法').selectOption('registered_mail');
  await fee.getByLabel('金額（円）').fill('200');
  await fee.getByRole('button', { name: 'お支払いを記録する' }).click();
  await expect(clerk.locator('section#fee .field__error')).toContainText('手数料の額と合っていません');
  await expect(clerk.locator('section#fee').getByLabel('お支払い方法')).toHaveValue('registered_mail');
  await expectAccessible(clerk, 'the staff request page with the fee form');
  await clerk.locator('section#fee').getByLabel('金額（円）').fill('300');
  await clerk.locator('section#fee').getByRole('button', { name: 'お支払いを記録する' }).click();
  await expect(clerk.locator('section#fee')).toHaveAttribute('data-fee-state', 'paid');
  await expect(clerk.locator('section#fee')).toContainText('現金書留');

  // The member reads that it is paid, and prints the 領収書.
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('section#fee')).toContainText('手数料はお支払い済みです');
  await expect(member.locator('.timeline')).toContainText('手数料300円のお支払いを確認しました');
  await member.getByRole('link', { name: '領収書を表示・印刷する' }).click();
  await expect(member).toHaveURL(new RegExp(`/requests/${receipt}/fee$`));
  await expect(member.getByRole('heading', { level: 1 })).toHaveText('領収書');
  await expect(member.locator('.letter')).toContainText('300円');
  await expect(member.locator('.letter')).toContainText('上記の金額を領収しました。');
  await expect(member.locator('.letter__to')).toContainText('青葉 太郎 様');
  await expect(member.getByRole('button', { name: '印刷する' })).toBeVisible();
  await expectAccessible(member, 'the 領収書');

  // Now the disclosure is decided and approved by a second person.
  await clerk.goto(`/staff/requests/${receipt}`);
  await clerk.getByLabel('全部開示').check();
  await clerk.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(clerk.locator('.decision__by')).toContainText('責任者の承認待ち');
  await approver.goto(`/staff/requests/${receipt}`);
  await approver.getByRole('button', { name: '承認して本人に通知する' }).click();
  await expect(approver.locator('.stage')).toHaveText('通知済');
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('section.decision')).toContainText(/手数料\s*納付済/);
});

test('an unpaid fee is reminded, then the request ends with a letter saying why', async () => {
  await member.goto('/requests/new/third-party-records?step=how');
  await member.getByLabel(/書面の交付/).check();
  const receipt = await send(member);
  // Staff can print the 案内 for post while it is due.
  await clerk.goto(`/staff/requests/${receipt}/fee`);
  await expect(clerk.getByRole('heading', { level: 1 })).toHaveText('手数料のお支払いについて（ご案内）');
  await expect(clerk.locator('.letter')).toContainText('300円');
  await expect(clerk.locator('.letter')).toContainText('銀行振込');

  expect(sweepWaiting(15, SERVER.env)).toContain('手数料のお支払い待ち: 1 件にお知らせを送り、0 件を終了しました');
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('.timeline')).toContainText('手数料のお支払いをお待ちしています');
  await expect(member.locator('section#fee')).toContainText('までにお支払いください');
  expect(sweepWaiting(46, SERVER.env)).toContain('手数料のお支払い待ち: 0 件にお知らせを送り、1 件を終了しました');
  await member.goto(`/requests/${receipt}`);
  await expect(member.locator('.stage').first()).toHaveText('補正なしで終了');
  await member.getByRole('link', { name: '決定通知書を表示・印刷する' }).click();
  await expect(member.locator('.letter')).toContainText('手数料のお支払いがなかったため');
  await expect(member.locator('.letter')).toContainText('いつでも改めてお申し出いただけます');
});
