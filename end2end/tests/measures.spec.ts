// 35条 carried out, in the browser. A member asks for their 医療費のお知らせ to be erased;
// the reviewer decides to carry it out (naming the provision ledger too is refused with
// the law that keeps it): the member's lines are gone from the notices page and from a
// later 開示 package, the member reads what was erased and what is kept, the auditor reads
// the 廃棄記録 and the core system's instruction waits on the staff page. The member then
// asks that provision to an insurer stop: recording a provision to it with consent is
// refused next to the field, one under a law is recorded with a warning naming the decision.
//
// The server runs on a database of its own: erasing this member's data touches no other spec.
import { expect, test, type Browser, type Page } from './support/test';
import { expectAccessible, registerMember, setUpStaff, sendRequest, nextStep } from './support/journeys';
import { ownServer } from './support/own-server';

test.describe.configure({ mode: 'serial' });

const DIR = '.tmp-measures';
const SERVER = ownServer(3110, DIR);
const URL = SERVER.url;
const ENV = SERVER.env;

const PASSWORD = '消すと決めたら消してほしい';
const STAFF_PASSWORD = 'what is decided is done';
const RECIPIENT = '架空損害保険株式会社';

let reviewer: Page;
let auditor: Page;
let member: Page;
let taroId = '';
let erasure = '';

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: URL })).newPage();
}

async function send(page: Page): Promise<string> {
  return sendRequest(page);
}

async function takeUp(receipt: string): Promise<void> {
  await reviewer.goto(`/staff/requests/${receipt}`);
  await reviewer.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
  await expect(reviewer.locator('.stage')).toHaveText('審査中');
}

test.beforeAll(async ({ browser }) => {
  await SERVER.start();
  reviewer = await newPage(browser);
  auditor = await newPage(browser);
  member = await newPage(browser);
  await setUpStaff(reviewer, 'S610', '審査 消子', ['intake', 'reviewer'], STAFF_PASSWORD, ENV);
  await setUpStaff(auditor, 'S611', '監査 見男', ['auditor'], STAFF_PASSWORD, ENV);
  await registerMember(member, reviewer, { symbol: '1001', number: '23', branch: '00', birth: '1980-01-15' }, PASSWORD);
});

test.afterAll(async () => {
  await SERVER.stop();
});

test('a decided erasure leaves nothing of the notices, says what was done, and leaves a 廃棄記録', async () => {
  test.setTimeout(90_000);
  await member.goto('/notices?year=2025');
  const taro = member.locator('tr[data-person]').filter({ hasText: '青葉 太郎' });
  taroId = (await taro.getAttribute('data-person')) ?? '';
  expect(taroId).not.toBe('');
  const lines = member.locator(`.notice-line[data-member="${taroId}"]`);
  expect(await lines.count()).toBeGreaterThan(0);

  await member.goto('/requests/new/suspension?step=what');
  await member.getByLabel('消去').check();
  await member.getByLabel('対象の情報').fill('医療費のお知らせ（受診の記録）');
  await member.getByLabel(/組合が使う必要がなくなった/).check();
  await member.getByLabel('具体的な事情').fill('紙の通知だけで足ります。');
  erasure = await send(member);

  await takeUp(erasure);
  await reviewer.getByLabel('お求めの措置を実施する').check();
  // The ledger is kept by law: refused, with that reason, next to the choice.
  await reviewer.getByLabel('第三者提供の記録', { exact: true }).check();
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('#f-scope-error')).toContainText('法令');
  await expect(reviewer.locator('.stage')).toHaveText('審査中');
  await expectAccessible(reviewer, 'the decision form of an erasure');
  await reviewer.getByLabel('第三者提供の記録', { exact: true }).uncheck();
  await reviewer.getByLabel(/医療費のお知らせの明細/).check();
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('.stage')).toHaveText('通知済');

  // The member's pages: no line of theirs is left.
  await member.goto('/notices?year=2025');
  await expect(member.locator('h1')).toContainText('医療費のお知らせ');
  await expect(member.locator(`.notice-line[data-member="${taroId}"]`)).toHaveCount(0);
  // The request page and the letter say what was erased, and what is kept and why.
  await member.goto(`/requests/${erasure}`);
  const done = member.locator('[data-measures]');
  await expect(done).toContainText(/医療費のお知らせの明細（受診した医療機関・日数・医療費）を消去しました（\d+件）/);
  await expect(done).toContainText('基幹システムにも同じ措置を指示しました');
  await expect(done).toContainText('保存するもの');
  await member.goto(`/requests/${erasure}/letter`);
  await expect(member.locator('.letter [data-measures]')).toContainText('消去しました');

  // A later 開示 of the same year has nothing of them to disclose.
  await member.goto('/requests/new/disclosure?step=what');
  await member.getByLabel('資格に関する情報').check();
  await member.locator('#f-receipts_from').fill('2025-01');
  await member.locator('#f-receipts_to').fill('2025-12');
  await nextStep(member);
  await member.getByLabel(/電磁的記録の提供/).check();
  const disclosure = await send(member);
  await takeUp(disclosure);
  await reviewer.goto(`/staff/requests/${disclosure}/package`);
  await reviewer.getByRole('button', { name: '開示資料の作成を始める' }).click();
  // The package never builds レセプト from notice lines (they come as copies after a 照会,
  // receipts.spec.ts), so nothing of the erased lines can reach it; the measure is shown.
  await expect(reviewer.locator('#sec-notices')).toHaveCount(0);
  await expect(reviewer.locator('#sec-restrictions')).toContainText('消去');

  // The auditor reads the 廃棄記録; the core system's instruction waits for staff.
  await auditor.goto('/staff/audit');
  await auditor.getByRole('link', { name: /廃棄記録/ }).click();
  await expect(auditor).toHaveURL(/\/staff\/audit\/disposals$/);
  const record = auditor.locator('tr[data-disposal]').filter({ hasText: erasure });
  await expect(record).toContainText('ご本人の請求による消去（35条）');
  await expectAccessible(auditor, '/staff/audit/disposals');
  await reviewer.goto('/staff/corrections');
  const instruction = reviewer.locator('tr[data-instruction]').filter({ hasText: erasure });
  await expect(instruction).toContainText('消去');
  await instruction.getByRole('button', { name: /対応済みにする/ }).click();
  await member.goto(`/requests/${erasure}`);
  await expect(member.locator('[data-measures]')).toContainText('基幹システムでも完了しました');
});

test('a decided stop of provision refuses a provision with consent and records one under a law with a warning', async () => {
  await member.goto('/requests/new/suspension?step=what');
  await member.getByLabel('第三者への提供の停止').check();
  await member.getByLabel('対象の情報').fill('損害保険会社への提供');
  await member.getByLabel(/本人の同意なく第三者に提供されている/).check();
  await member.getByLabel('具体的な事情').fill('同意した覚えがありません。');
  const stop = await send(member);
  await takeUp(stop);
  await reviewer.getByLabel('お求めの措置を実施する').check();
  await reviewer.getByLabel(/提供を停止する相手方/).fill(RECIPIENT);
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('.stage')).toHaveText('通知済');

  const record = async (basis: string, detail: string) => {
    await reviewer.goto('/staff/provisions?key=1001-23-00');
    await reviewer.getByLabel('提供・受領の年月日').fill('2026-11-20');
    await reviewer.getByLabel('相手方の氏名又は名称').fill(`${RECIPIENT} 東京支店`);
    await reviewer.getByLabel('本人の記号・番号・枝番').fill('1001-23-00');
    await reviewer.getByLabel('個人データの項目', { exact: true }).fill('氏名、記号・番号、受傷日');
    await reviewer.getByLabel('根拠', { exact: true }).selectOption(basis);
    await reviewer.getByLabel('同意の記録・法令の条項').fill(detail);
    await reviewer.getByRole('button', { name: '記録する' }).click();
  };
  await record('consent', '同意書 2026-11-01');
  await expect(reviewer.locator('#f-counterparty-error')).toContainText('停止が決定されています');
  await expect(reviewer.locator('[data-stops]')).toContainText(stop);
  await expect(reviewer.locator('tr[data-provision]')).toHaveCount(0);
  await record('law', '民事訴訟法第186条（調査嘱託）');
  await expect(reviewer.locator('[data-stop-warning]')).toContainText(stop);
  await expect(reviewer.locator('tr[data-provision]')).toHaveCount(1);
  await expectAccessible(reviewer, 'the ledger with a stop of provision');
});
