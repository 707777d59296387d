// レセプト disclosed as insurers do. A member asks for their レセプト; the reviewer — without
// JavaScript, every step a plain form — asks each 医療機関 found in the member's data (照会),
// prints a 照会書, records the answers (支障あり needs its reason, shown next to the field),
// cannot decide before a copy of the レセプト from the core system is in the package, uploads
// one, and decides 一部開示 under 33条2項1号; the 責任者 approves and the member reads it.
// A deceased member's 遺族 read on the public page how to ask (a separate procedure).
//
// The server runs on a database of its own.
import { expect, test, type Browser, type Page } from './support/test';
import { expectAccessible, payFee, registerMember, setUpStaff, sendRequest, nextStep } from './support/journeys';
import { ownServer } from './support/own-server';

test.describe.configure({ mode: 'serial' });

const DIR = '.tmp-receipts';
const SERVER = ownServer(3112, DIR);
const URL = SERVER.url;
const ENV = SERVER.env;

const PASSWORD = '明細は医療機関に確かめてから';
const STAFF_PASSWORD = 'receipts are asked about first';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const OBJECTION = '病名をご本人にまだお伝えしていません。';
const REASON = '一部の医療機関から、開示によりご本人に支障が生じるおそれがあるとの回答があったため、その医療機関のレセプトは開示しません。';
const QUESTION = '開示により本人に病名等が知られることで支障が生じるおそれの有無';

let reviewer: Page;
let approver: Page;
let member: Page;
let receipt = '';

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  await SERVER.start();
  reviewer = await (await browser.newContext({ baseURL: URL, javaScriptEnabled: false })).newPage();
  approver = await (await browser.newContext({ baseURL: URL })).newPage();
  member = await (await browser.newContext({ baseURL: URL })).newPage();
  await setUpStaff(reviewer, 'S640', '審査 照子', ['intake', 'reviewer'], STAFF_PASSWORD, ENV);
  await setUpStaff(approver, 'S641', '責任者 明子', ['approver'], STAFF_PASSWORD, ENV);
});

test.afterAll(async () => {
  await SERVER.stop();
});

test('a member asks for their レセプト; the reviewer asks each 医療機関 and prints the 照会書', async () => {
  test.setTimeout(90_000);
  await registerMember(member, reviewer, { symbol: '1001', number: '23', branch: '00', birth: '1980-01-15' }, PASSWORD);
  await member.goto('/requests/new/disclosure?step=what');
  await expect(member.locator('[data-bereaved]')).toContainText('死亡の事実と続柄がわかる書類');
  await member.getByLabel('レセプトに関する情報').check();
  await member.locator('#f-receipts_from').fill('2025-04');
  await member.locator('#f-receipts_to').fill('2026-03');
  await nextStep(member);
  await member.getByLabel(/書面の交付/).check();
  receipt = await sendRequest(member);

  await reviewer.goto(`/staff/requests/${receipt}`);
  await reviewer.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
  await expect(reviewer.locator('.stage')).toHaveText('審査中');
  const section = reviewer.locator('[data-receipt-inquiries]');
  await expect(section.getByRole('heading', { name: '医療機関への照会（レセプトの開示）' })).toBeVisible();
  // The 医療機関 of the member's own lines for the period are proposed.
  await expect(section.locator('[data-proposal]').first()).toBeVisible();
  const proposed = await section.locator('[data-proposal]').count();
  expect(proposed).toBeGreaterThan(1);
  // Not decided before every 医療機関 was asked and answered (the fee is paid: 38条 is not what holds it).
  await payFee(reviewer, receipt);
  await reviewer.getByLabel('全部開示').check();
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('#f-outcome-error')).toContainText('医療機関への照会が必要です');

  await section.getByRole('button', { name: '候補のすべてに照会する' }).click();
  await expect(section.locator('[data-inquiry]')).toHaveCount(proposed);
  await expect(section.locator('[data-answer="pending"]')).toHaveCount(proposed);
  await section.getByLabel('医療機関名を入力して照会先に加える').fill('みどり眼科（架空）');
  await section.getByRole('button', { name: '照会先に加える' }).click();
  await expect(section.locator('[data-inquiry]')).toHaveCount(proposed + 1);
  // axe runs in a page with JavaScript: the approver reads the same page.
  await approver.goto(`/staff/requests/${receipt}`);
  await expect(approver.locator('[data-receipt-inquiries]')).toBeVisible();
  await expectAccessible(approver, 'the staff request page with its 照会 section');
  await reviewer.setViewportSize({ width: 360, height: 800 });
  await section.screenshot({ path: 'test-results/receipts-inquiries-360.png' });
  await reviewer.setViewportSize({ width: 1280, height: 900 });
  await section.screenshot({ path: 'test-results/receipts-inquiries-1280.png' });

  // The 照会書: the society, the 医療機関, the patient, the period, the question, a reply slip.
  const first = section.locator('[data-inquiry]').first();
  const provider = (await first.locator('dd').first().textContent()) ?? '';
  await first.getByRole('link', { name: '照会書を印刷する' }).click();
  await expect(reviewer).toHaveURL(new RegExp(`/staff/requests/${receipt}/inquiries/\\d+/letter$`));
  const letter = reviewer.locator('[data-inquiry-letter]');
  await expect(letter.locator('.letter__to')).toContainText(`${provider} 御中`);
  await expect(letter).toContainText('あおば健康保険組合');
  await expect(letter).toContainText('青葉 太郎');
  await expect(letter).toContainText('2025年4月〜2026年3月');
  await expect(letter).toContainText(QUESTION);
  await expect(letter.getByRole('heading', { name: '回答書' })).toBeVisible();
  await approver.goto(reviewer.url());
  await expectAccessible(approver, 'the 照会書');
  await reviewer.setViewportSize({ width: 360, height: 800 });
  await reviewer.screenshot({ path: 'test-results/receipts-letter-360.png', fullPage: true });
  await reviewer.setViewportSize({ width: 1280, height: 900 });
  await reviewer.screenshot({ path: 'test-results/receipts-letter-1280.png', fullPage: true });
});

test('the answers are recorded, 支障あり only with its reason, and the decision follows them', async () => {
  test.setTimeout(90_000);
  await reviewer.goto(`/staff/requests/${receipt}`);
  const section = reviewer.locator('[data-receipt-inquiries]');
  const ids = await section.locator('[data-inquiry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-inquiry') ?? ''));
  // The second 医療機関 sees harm: without a reason the answer is refused next to the field.
  let row = section.locator(`[data-inquiry="${ids[1]}"]`);
  await row.getByLabel('支障あり', { exact: true }).check();
  await row.getByRole('button', { name: '回答を記録する' }).click();
  row = reviewer.locator(`[data-inquiry="${ids[1]}"]`);
  await expect(row.locator('#f-objection_reason-error')).toContainText('入力してください');
  await expect(row).toHaveAttribute('data-answer', 'pending');
  await row.getByLabel(/支障ありの理由/).fill(OBJECTION);
  await row.getByRole('button', { name: '回答を記録する' }).click();
  await expect(reviewer.locator(`[data-inquiry="${ids[1]}"]`)).toHaveAttribute('data-answer', 'objection');
  for (const id of ids.filter((i) => i !== ids[1])) {
    const r = reviewer.locator(`[data-inquiry="${id}"]`);
    await r.getByLabel('支障なし', { exact: true }).check();
    await r.getByRole('button', { name: '回答を記録する' }).click();
    await expect(reviewer.locator(`[data-inquiry="${id}"]`)).toHaveAttribute('data-answer', 'no_objection');
  }
  // The objection is the basis staff read; nothing is left to answer.
  await expect(reviewer.locator('[data-basis]')).toContainText(OBJECTION);
  await expect(reviewer.getByRole('button', { name: '回答を記録する' })).toHaveCount(0);

  // 全部開示 is refused; 一部開示 under 33条2項1号 needs a レセプト copy from the core system.
  await reviewer.getByLabel('全部開示').check();
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('#f-outcome-error')).toContainText('支障あり');
  await reviewer.getByLabel('一部開示').check();
  await reviewer.getByLabel('根拠').selectOption('33-2-1');
  await reviewer.getByLabel(/理由・対応内容/).fill(REASON);
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('#f-outcome-error')).toContainText('レセプトの写しがありません');
});

test('a copy of the レセプト is uploaded for a 医療機関 that answered 支障なし, and the decision reaches the member', async () => {
  test.setTimeout(90_000);
  await reviewer.goto(`/staff/requests/${receipt}/package`);
  await reviewer.getByRole('button', { name: '開示資料の作成を始める' }).click();
  // No レセプト from notice lines.
  await expect(reviewer.locator('main')).not.toContainText('医療費のお知らせ（');
  await reviewer.locator('#files > summary').click();
  const choice = reviewer.getByLabel('レセプトの写しのとき：どの医療機関のものか');
  const options = await choice.locator('option').allTextContents();
  expect(options).not.toContain('');
  await choice.selectOption({ index: 1 });
  await reviewer.getByLabel(/資料名/).fill('レセプト 2025年4月〜2026年3月');
  await reviewer.getByLabel(/ファイル（PDF・JPEG・PNG）/).setInputFiles({ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: PDF });
  await reviewer.getByRole('button', { name: 'ファイルを追加する' }).click();
  await expect(reviewer.locator('#files')).toContainText(`レセプトの写し：${options[1]}`);
  // The member's view at the top names the copy among the files they will receive.
  await expect(reviewer.locator('#receive .receive__files')).toContainText(`レセプトの写し：${options[1]}`);

  await reviewer.goto(`/staff/requests/${receipt}`);
  await reviewer.getByLabel('一部開示').check();
  await reviewer.getByLabel('根拠').selectOption('33-2-1');
  await reviewer.getByLabel(/理由・対応内容/).fill(REASON);
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('.decision__by')).toContainText('責任者の承認待ち');

  await approver.goto(`/staff/requests/${receipt}`);
  await approver.getByRole('button', { name: '承認して本人に通知する' }).click();
  await expect(approver.locator('.stage')).toHaveText('通知済');
  await member.goto(`/requests/${receipt}`);
  const decision = member.locator('section.decision');
  await expect(decision).toContainText('一部開示');
  await expect(decision).toContainText('個人情報保護法第33条第2項第1号');
  await expect(decision).toContainText(REASON);
});

test('a deceased member’s family read how to ask, outside the portal', async () => {
  await member.goto('/procedure');
  const bereaved = member.locator('[data-bereaved]');
  await expect(bereaved).toContainText('亡くなった方のご遺族の方へ');
  await expect(bereaved).toContainText('死亡の事実');
  await expect(bereaved).toContainText('03-0000-0002');
});
